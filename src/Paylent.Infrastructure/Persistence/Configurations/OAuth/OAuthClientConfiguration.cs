using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paylent.Domain.OAuth;

namespace Paylent.Infrastructure.Persistence.Configurations.OAuth;

internal sealed class OAuthClientConfiguration : AggregateRootConfiguration<OAuthClient>
{
    protected override void ConfigureAggregate(EntityTypeBuilder<OAuthClient> builder)
    {
        builder.ToTable("oauth_clients");
        builder.Property(c => c.ClientId).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(OAuthClient.MaxNameLength);
        builder.Property(c => c.ClientType).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.SecretHash).HasMaxLength(64);
        builder.Property(c => c.RedirectUris).AsJsonList();
        builder.Property(c => c.PostLogoutRedirectUris).AsJsonList();
        builder.Property(c => c.GrantTypes).AsJsonList();
        builder.Property(c => c.AllowedScopes).AsJsonList();
        builder.Property(c => c.TokenFormat).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.DefaultAudience).HasMaxLength(RedirectUri.MaxLength);
        builder.Property(c => c.AllowedResources).AsJsonList();
        builder.Property(c => c.IdTokenSignedResponseAlg).HasMaxLength(16);
        builder.Ignore(c => c.IsConfidential);
        builder.HasIndex(c => new { c.EnvironmentId, c.ClientId }).IsUnique();
    }
}

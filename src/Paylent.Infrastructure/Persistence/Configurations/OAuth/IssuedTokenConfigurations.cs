using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paylent.Domain.OAuth;

namespace Paylent.Infrastructure.Persistence.Configurations.OAuth;

internal sealed class OpaqueAccessTokenConfiguration : IEntityTypeConfiguration<OpaqueAccessToken>
{
    public void Configure(EntityTypeBuilder<OpaqueAccessToken> builder)
    {
        builder.ToTable("opaque_access_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.Property(t => t.ClientId).HasMaxLength(64);
        builder.Property(t => t.Subject).HasMaxLength(200);
        builder.Property(t => t.Scope).HasMaxLength(2000);
        builder.Property(t => t.Audience).HasMaxLength(4000);
        builder.Property(t => t.Roles!).AsJsonList();
        builder.Property(t => t.Permissions!).AsJsonList();
        builder.Property(t => t.OrganizationSlug).HasMaxLength(50);

        // Looked up by hash alone: 256 random bits make a collision across environments impossible,
        // and the environment filter still applies on top.
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => t.ExpiresAt);

        // No index on the session or the grant: a token is found by its hash, and its session and grant are
        // then checked by their own keys, so such indexes would only cost each user-flow token's insert.
    }
}

internal sealed class RevokedAccessTokenConfiguration : IEntityTypeConfiguration<RevokedAccessToken>
{
    public void Configure(EntityTypeBuilder<RevokedAccessToken> builder)
    {
        builder.ToTable("revoked_access_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Jti).HasMaxLength(64);
        builder.HasIndex(t => new { t.EnvironmentId, t.Jti }).IsUnique();
        builder.HasIndex(t => t.ExpiresAt);
    }
}

internal sealed class TokenIssuanceCountConfiguration : IEntityTypeConfiguration<TokenIssuanceCount>
{
    public const int MaxGrantTypeLength = 50;

    public void Configure(EntityTypeBuilder<TokenIssuanceCount> builder)
    {
        builder.ToTable("token_issuance_counts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.GrantType).HasMaxLength(MaxGrantTypeLength);

        // The flusher's upsert target (ON CONFLICT), and the overview's range scan of an environment's hours.
        builder.HasIndex(c => new { c.EnvironmentId, c.Hour, c.GrantType }).IsUnique();

        // The pruner's scan of hours past the retention, across environments.
        builder.HasIndex(c => c.Hour);
    }
}

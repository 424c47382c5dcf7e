using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paylent.Domain.Identity;
using Paylent.Domain.OAuth;

namespace Paylent.Infrastructure.Persistence.Configurations.OAuth;

internal sealed class GrantConfiguration : IEntityTypeConfiguration<Grant>
{
    public const string RevokedFilter = "revoked_at IS NOT NULL";
    public const string SwitchedFilter = "switched_from_grant_id IS NOT NULL";

    public void Configure(EntityTypeBuilder<Grant> builder)
    {
        builder.ToTable("grants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.ClientId).HasMaxLength(64);
        builder.Property(g => g.Scope).HasMaxLength(2000);
        builder.HasIndex(g => new { g.EnvironmentId, g.UserId, g.ClientId });

        // The pruner's scans: grants ended by revocation or by their end (DataPruner). Revoked grants are
        // the only ones looked up by revocation time: a grant is inserted unrevoked, so a partial index
        // costs its insert nothing.
        builder.HasIndex(g => g.ExpiresAt);
        builder.HasIndex(g => g.RevokedAt).HasFilter(RevokedFilter);

        // Reuse detection follows a family into the ones an organization switch started from it; only
        // a switch's grant names one, so a redemption's insert has no entry to write.
        builder.HasIndex(g => g.SwitchedFromGrantId).HasFilter(SwitchedFilter);

        // One grant per code: of two simultaneous redemptions, the second write fails (a conflict, run again as a replay).
        builder.HasIndex(g => g.AuthorizationCodeId).IsUnique();
        builder.HasOne<Session>().WithMany().HasForeignKey(g => g.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RefreshTokenConfiguration : AggregateRootConfiguration<RefreshToken>
{
    public const string ReplacesFilter = "replaces_token_id IS NOT NULL";

    protected override void ConfigureAggregate(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.ToTable("refresh_tokens");
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.HasIndex(t => t.TokenHash).IsUnique();

        // One successor per token: of two simultaneous rotations of one token, the second write fails (a conflict, run again as reuse).
        // A family's first token replaces none, so a redemption's insert has no entry to write.
        builder.HasIndex(t => t.ReplacesTokenId).IsUnique().HasFilter(ReplacesFilter);
        builder.HasIndex(t => t.ExpiresAt);
        builder.HasOne<Grant>().WithMany().HasForeignKey(t => t.GrantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConsentConfiguration : AggregateRootConfiguration<Consent>
{
    protected override void ConfigureAggregate(EntityTypeBuilder<Consent> builder)
    {
        builder.ToTable("consents");
        builder.Property(c => c.ClientId).HasMaxLength(64);
        builder.Property(c => c.Scopes).AsJsonList();
        builder.HasIndex(c => new { c.EnvironmentId, c.UserId, c.ClientId }).IsUnique();
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

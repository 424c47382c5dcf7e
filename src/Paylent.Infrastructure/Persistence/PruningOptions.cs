namespace Paylent.Infrastructure.Persistence;

/// <summary>
/// The <c>Paylent:Pruning</c> section: how long dead rows are kept before <see cref="DataPruner"/> deletes
/// them, and how much one run deletes (docs/operations.md, "Retention"). Each retention counts from the
/// moment the row stopped being usable (its expiry, its end, its sending).
/// </summary>
public sealed class PruningOptions
{
    public const string Section = "Paylent:Pruning";
    public const string Invalid = $"{Section}: retentions must not be negative, and BatchSize and MaxBatchesPerTable must be at least 1.";

    /// <summary>Rows one delete statement removes at most, so none holds its locks for long.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Batches per table in one run, so a run always ends; the next run takes the rest.</summary>
    public int MaxBatchesPerTable { get; set; } = 100;

    /// <summary>After a grant's revocation or end, with its refresh tokens.</summary>
    public TimeSpan Grants { get; set; } = TimeSpan.FromDays(1);

    /// <summary>After an opaque access token's expiry, and after a revoked JWT's expiry for its <c>jti</c>.</summary>
    public TimeSpan AccessTokens { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After an end user's session ended (revoked, signed out, or idle or absolute expiry).</summary>
    public TimeSpan Sessions { get; set; } = TimeSpan.FromDays(7);

    /// <summary>After a dashboard session ended (signed out, revoked, or idle or absolute expiry).</summary>
    public TimeSpan AdminSessions { get; set; } = TimeSpan.FromDays(7);

    /// <summary>After an emailed token's (verification, password reset) expiry, used or not.</summary>
    public TimeSpan UserTokens { get; set; } = TimeSpan.FromDays(1);

    /// <summary>After an outbox email was sent.</summary>
    public TimeSpan SentEmails { get; set; } = TimeSpan.FromDays(7);

    /// <summary>After an outbox email was given up on; longer, so an operator can see why.</summary>
    public TimeSpan FailedEmails { get; set; } = TimeSpan.FromDays(30);

    /// <summary>After the hour a token count is for; the overview charts the last 30 days.</summary>
    public TimeSpan TokenIssuanceCounts { get; set; } = TimeSpan.FromDays(31);

    public bool IsValid =>
        BatchSize >= 1 && MaxBatchesPerTable >= 1
        && new[] { Grants, AccessTokens, Sessions, AdminSessions, UserTokens, SentEmails, FailedEmails, TokenIssuanceCounts }.All(r => r >= TimeSpan.Zero);
}

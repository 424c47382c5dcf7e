using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Domains.Challenges;

/// <summary>
/// Where the issuance side publishes an HTTP-01 answer before telling the CA to validate, and removes it
/// afterwards. Each call is its own transaction; once it commits every instance answers for it
/// (<see cref="AcmeChallengeResponder"/>), so the CA may reach any of them.
/// </summary>
public interface IAcmeChallengeStore
{
    /// <summary>Answers <paramref name="keyAuthorization"/> at <c>http://{hostname}/.well-known/acme-challenge/{token}</c> until <paramref name="expiresAt"/>.</summary>
    /// <exception cref="ArgumentException">The token is no base64url token (RFC 8555 §8.3) or the key authorization is not <c>{token}.{thumbprint}</c>.</exception>
    Task PublishAsync(string hostname, string token, string keyAuthorization, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    Task RemoveAsync(string hostname, string token, CancellationToken cancellationToken);
}

internal sealed class AcmeChallengeStore(IServiceScopeFactory scopes, TimeProvider clock) : IAcmeChallengeStore
{
    public async Task PublishAsync(string hostname, string token, string keyAuthorization, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var name = Hostnames.Normalize(hostname);
        if (!ChallengeTokens.IsWellFormed(token))
        {
            throw new ArgumentException("Not an ACME token (RFC 8555 §8.3: base64url, no padding).", nameof(token));
        }

        // RFC 8555 §8.1: keyAuthorization = token || '.' || base64url(Thumbprint(accountKey)).
        if (!keyAuthorization.StartsWith(token + ".", StringComparison.Ordinal)
            || keyAuthorization.Length > PendingChallenge.MaxKeyAuthorizationLength
            || !ChallengeTokens.IsBase64Url(keyAuthorization.AsSpan(token.Length + 1)))
        {
            throw new ArgumentException("Not a key authorization for this token (RFC 8555 §8.1).", nameof(keyAuthorization));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();

        // Expired answers are no use to anyone: gone with the next publication, so the table stays small.
        db.AcmeChallenges.RemoveRange(await db.AcmeChallenges.Where(c => c.ExpiresAt <= now).ToListAsync(cancellationToken));
        var existing = await db.AcmeChallenges.SingleOrDefaultAsync(c => c.Hostname == name && c.Token == token, cancellationToken);
        if (existing is null)
        {
            db.AcmeChallenges.Add(PendingChallenge.Create(name, token, keyAuthorization, expiresAt.UtcDateTime));
        }
        else
        {
            existing.Renew(keyAuthorization, expiresAt.UtcDateTime);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RemoveAsync(string hostname, string token, CancellationToken cancellationToken)
    {
        var name = Hostnames.Normalize(hostname);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
        db.AcmeChallenges.RemoveRange(await db.AcmeChallenges.Where(c => c.Hostname == name && c.Token == token).ToListAsync(cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>Once a save that changes pending challenges commits, every instance hears which hostnames to reload.</summary>
public sealed class AcmeChallengeChanges(ChangeSignal signal) : ISaveObserver
{
    public const string Channel = "acme-challenges";

    public IReadOnlyList<Action> Collect(SavedChanges changes) =>
        [.. changes.Entities<PendingChallenge>()
            .Select(c => c.Hostname).Distinct(StringComparer.Ordinal)
            .Select(hostname => (Action)(() => signal.Publish(Channel, hostname)))];
}

/// <summary>The shape of an ACME token, checked before anything is looked up.</summary>
public static class ChallengeTokens
{
    // RFC 8555 §8.3: at least 128 bits of entropy, so at least 22 base64url characters.
    private const int MinLength = 22;

    public static bool IsWellFormed(string? token) =>
        token is { Length: >= MinLength and <= PendingChallenge.MaxTokenLength } && IsBase64Url(token);

    internal static bool IsBase64Url(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}

using Paylent.Domain.Common;

namespace Paylent.Domain.OAuth;

/// <summary>
/// The scopes a user allowed a client to have. The consent page is skipped while it covers a request;
/// granting more scopes adds them. Revoking it (account page, API) also ends the client's grants for the user.
/// </summary>
[Audited("consent")]
public sealed class Consent : AggregateRoot, IEnvironmentScoped
{
    private Consent(Guid environmentId, Guid userId, string clientId, DateTime createdAt)
    {
        EnvironmentId = environmentId;
        UserId = userId;
        ClientId = clientId;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public Guid EnvironmentId { get; private set; }

    public Guid UserId { get; private set; }

    public string ClientId { get; private set; }

    public IReadOnlyList<string> Scopes { get; private set; } = [];

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public static Consent Give(Guid environmentId, Guid userId, string clientId, IEnumerable<string> scopes, DateTime now)
    {
        var consent = new Consent(environmentId, userId, clientId, now);
        consent.Add(scopes, now);
        return consent;
    }

    public bool Covers(IEnumerable<string> scopes) => scopes.All(s => Scopes.Contains(s, StringComparer.Ordinal));

    public void Add(IEnumerable<string> scopes, DateTime now)
    {
        var added = scopes.Except(Scopes, StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            Scopes = [.. Scopes, .. added];
            UpdatedAt = now;
        }
    }
}

namespace Paylent.Application.OAuth.Contracts;

/// <summary>What other modules may know of an environment's OAuth clients: which exist, by id or <c>client_id</c>, and whether each is confidential.</summary>
public interface IClientDirectory
{
    Task<ClientSummary?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<ClientSummary?> FindByClientIdAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>
    /// The client, written with whatever the caller's unit of work saves (its version only, not audited), or
    /// null: a deletion of the client racing that save fails one of the two, so what the caller writes about
    /// the client (a service account's roles) cannot outlive it.
    /// </summary>
    Task<ClientSummary?> FindForChangeAsync(Guid id, CancellationToken cancellationToken);
}

/// <summary>A client as other modules see it; <see cref="IsConfidential"/> clients can act for themselves (service accounts).</summary>
public sealed record ClientSummary(Guid Id, string ClientId, string Name, bool IsConfidential);

using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Consents;

/// <summary>What a user allowed one client, with the client's name as the account page and the API show it.</summary>
public sealed record ConsentDto(
    Guid Id,
    Guid UserId,
    string ClientId,
    string ClientName,
    IReadOnlyList<string> Scopes,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>A client deleted before its consents were cleaned up still lists, by its client_id.</summary>
    public static ConsentDto From(Consent consent, string? clientName) => new(
        consent.Id, consent.UserId, consent.ClientId, clientName ?? consent.ClientId, consent.Scopes, consent.CreatedAt, consent.UpdatedAt);
}

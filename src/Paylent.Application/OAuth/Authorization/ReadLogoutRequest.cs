using Paylent.Application.Common.Messaging;

namespace Paylent.Application.OAuth.Authorization;

/// <summary>
/// OIDC RP-Initiated Logout 1.0 §2-§3: checks a logout request. A <c>post_logout_redirect_uri</c> is
/// only followed when it is registered, exactly, for the client the request names (by <c>client_id</c>
/// or the <c>id_token_hint</c>'s audience); anything else is an error page, never a redirect.
/// </summary>
public sealed record ReadLogoutRequest(string? IdTokenHint, string? ClientId, string? PostLogoutRedirectUri, string? State, string Issuer)
    : IQuery<LogoutRequest>;

/// <param name="RedirectUri">Where to send the browser afterwards, with the state; null to show the signed-out page.</param>
/// <param name="SessionId">The session the ID token hint was issued in, if one was given.</param>
/// <param name="Error">Why the request is refused (shown on a page), or null.</param>
public sealed record LogoutRequest(string? RedirectUri, Guid? SessionId, string? ClientName, string? Error = null);

internal sealed class ReadLogoutRequestHandler(IOAuthCache cache, ITokenSigner signer) : IQueryHandler<ReadLogoutRequest, LogoutRequest>
{
    public async Task<LogoutRequest> Handle(ReadLogoutRequest query, CancellationToken cancellationToken)
    {
        if (query.State is { Length: > AuthorizationRequestReader.MaxStateLength } || query.PostLogoutRedirectUri is { Length: > Domain.OAuth.RedirectUri.MaxLength })
        {
            return Refused("The sign-out request is too long.");
        }

        IdTokenHint? hint = null;
        if (query.IdTokenHint is not null
            && (query.IdTokenHint.Length > AuthorizationRequestReader.MaxIdTokenHintLength || (hint = await signer.ReadIdTokenHintAsync(query.IdTokenHint, cancellationToken)) is null))
        {
            return Refused("The sign-out request carries an ID token this site did not issue.");
        }

        if (query.ClientId is not null && hint is not null && !hint.Audience.Contains(query.ClientId, StringComparer.Ordinal))
        {
            return Refused("The sign-out request names two different applications.");
        }

        var clientId = query.ClientId ?? (hint?.Audience.Count == 1 ? hint.Audience[0] : null);
        var client = clientId is { Length: <= 64 } ? await cache.FindClientAsync(clientId, cancellationToken) : null;
        if (query.ClientId is not null && client is null)
        {
            return Refused("The application that sent you here is not registered with this site.");
        }

        if (query.PostLogoutRedirectUri is null)
        {
            return new LogoutRequest(null, hint?.SessionId, client?.Name);
        }

        if (client is null || !client.PostLogoutRedirectUris.Contains(query.PostLogoutRedirectUri, StringComparer.Ordinal))
        {
            return Refused("The application asked to send you to an address it has not registered for after sign-out.");
        }

        var redirect = query.State is null
            ? query.PostLogoutRedirectUri
            : query.PostLogoutRedirectUri + (query.PostLogoutRedirectUri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "state=" + Uri.EscapeDataString(query.State);
        return new LogoutRequest(redirect, hint?.SessionId, client.Name);
    }

    private static LogoutRequest Refused(string error) => new(null, null, null, error);
}

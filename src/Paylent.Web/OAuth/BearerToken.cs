using Paylent.Application.OAuth;

namespace Paylent.Web.OAuth;

/// <summary>
/// RFC 6750 at a protected endpoint of ours (userinfo): the access token from the Authorization
/// header (§2.1) or, on a form POST, the <c>access_token</c> field (§2.2); never both (§2), never the query.
/// </summary>
internal static class BearerToken
{
    private const string Scheme = "Bearer";

    public static async Task<(string? Value, (string Code, string Description)? Error)> ReadAsync(HttpRequest request)
    {
        var headers = request.Headers.Authorization;
        string? fromForm = null;
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            var form = await OAuthForm.ReadFieldsAsync(request);
            fromForm = form["access_token"] is { Count: 1 } value && value[0] is { Length: > 0 } formToken ? formToken : null;
        }

        // A header of another scheme (Basic, DPoP) carries no bearer token: to §3.1 that is a request
        // "attempted using an unsupported authentication method", which gets the bare challenge.
        var bearer = headers.Count == 1 && IsBearer(headers.ToString()) ? headers.ToString() : null;
        if (headers.Count > 1 || (bearer is not null && fromForm is not null))
        {
            return (null, (OAuthErrors.InvalidRequest, "Send the access token once, in the Authorization header or the form."));
        }

        if (bearer is null)
        {
            return (fromForm, null);
        }

        return bearer[Scheme.Length..].Trim() is { Length: > 0 } token
            ? (token, null)
            : (null, (OAuthErrors.InvalidRequest, "The Authorization header must be 'Bearer <access token>'."));
    }

    /// <summary>The scheme, matched without regard to case (RFC 9110 §11.1), alone or followed by a space.</summary>
    private static bool IsBearer(string header) =>
        header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && (header.Length == Scheme.Length || header[Scheme.Length] == ' ');

    /// <summary>
    /// §3: 401 with a <c>WWW-Authenticate</c> challenge. When no token was sent the answer carries no
    /// error information at all, neither in the challenge nor in the body (§3.1).
    /// </summary>
    public static IResult Challenge(string? error, string? description, int? status = null)
    {
        if (error is null)
        {
            return OAuthResults.Unauthenticated("Bearer realm=\"paylent\"");
        }

        var challenge = $"Bearer realm=\"paylent\", error=\"{error}\", error_description=\"{description}\"" + (error == OAuthErrors.InsufficientScope ? ", scope=\"openid\"" : string.Empty);
        var code = status ?? (error == OAuthErrors.InvalidRequest ? StatusCodes.Status400BadRequest : StatusCodes.Status401Unauthorized);
        return OAuthResults.Error(new OAuthException(error, description ?? error, code), challenge);
    }
}

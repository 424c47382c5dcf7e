using Paylent.Application.OAuth;
using Microsoft.Net.Http.Headers;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Security;
using Paylent.Application.OAuth.Tokens;
using Paylent.Domain.Common;
using Paylent.Domain.OAuth;
using Paylent.Web.Api.JsonApi;
using Paylent.Web.OAuth;

namespace Paylent.Web.Api;

/// <summary>
/// The management API accepts a bearer access token (RFC 6750 §2.1) issued by the same environment
/// for this environment's API (its <c>aud</c> names the issuer) with scope <c>paylent:manage</c>: none or
/// an invalid one is 401 <c>invalid_token</c>, a valid one
/// without the scope 403 <c>insufficient_scope</c> (§3.1). The token's client becomes the audit actor.
/// </summary>
internal sealed class ManagementAuthenticationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var authorization = http.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || http.Request.Headers.Authorization.Count != 1)
        {
            return Challenge(http, StatusCodes.Status401Unauthorized, null, "A bearer access token with scope paylent:manage is required.");
        }

        var token = authorization["Bearer ".Length..].Trim();
        var issuer = OAuthEndpoints.Issuer(http.Request);
        var claims = token.Length == 0 ? null : await http.RequestServices.GetRequiredService<IDispatcher>()
            .Send(new AuthenticateBearer(token, issuer), http.RequestAborted);

        // RFC 9068 §4 / RFC 8707: a token meant for another resource (aud) must not open this API.
        if (claims is null || !claims.Audience.Contains(issuer, StringComparer.Ordinal))
        {
            return Challenge(http, StatusCodes.Status401Unauthorized, OAuthErrors.InvalidToken, "The access token is invalid, expired, revoked or from another environment.");
        }

        if (!claims.Grants(Scopes.Manage))
        {
            return Challenge(http, StatusCodes.Status403Forbidden, OAuthErrors.InsufficientScope, "The access token lacks the paylent:manage scope.");
        }

        http.RequestServices.GetRequiredService<AuditContext>().IdentifyActor(AuditActor.Client(claims.ClientId));
        return await next(context);
    }

    private static IResult Challenge(HttpContext http, int status, string? error, string detail)
    {
        var challenge = error is null
            ? "Bearer realm=\"paylent\""
            : $"Bearer realm=\"paylent\", error=\"{error}\", error_description=\"{detail}\"" + (error == OAuthErrors.InsufficientScope ? ", scope=\"paylent:manage\"" : string.Empty);
        http.Response.Headers[HeaderNames.WWWAuthenticate] = challenge;
        return JsonApiResults.Errors(status, JsonApiError.Of(status, error ?? "unauthorized", status == 401 ? "Unauthorized" : "Forbidden", detail));
    }
}

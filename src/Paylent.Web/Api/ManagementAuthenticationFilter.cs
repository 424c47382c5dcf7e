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
/// for this environment's API alone (its <c>aud</c> is exactly <see cref="Audiences.ManagementApi"/>) with
/// scope <c>paylent:manage</c>: none, an invalid one or one for another resource is 401 <c>invalid_token</c>,
/// a valid one for this environment without the scope 403 <c>insufficient_scope</c> (§3.1). The token's client becomes the audit actor.
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

        // RFC 9068 §4 / RFC 8707: a token meant for another resource must not open this API, nor one meant
        // for it and another resource too, which that other resource could replay here. A token addressed
        // to this environment alone (its issuer, the default audience) is one for here that lacks the scope.
        var managementApi = Audiences.ManagementApi(issuer);
        if (claims is null || claims.Audience is not [var audience] || (audience != managementApi && audience != issuer))
        {
            return Challenge(http, StatusCodes.Status401Unauthorized, OAuthErrors.InvalidToken, "The access token is invalid, expired, revoked, from another environment or for another resource.");
        }

        if (!claims.Grants(Scopes.Manage))
        {
            return Challenge(http, StatusCodes.Status403Forbidden, OAuthErrors.InsufficientScope, "The access token lacks the paylent:manage scope.");
        }

        // A paylent:manage token for the issuer rather than the API itself (issued before the API had an
        // audience of its own) no longer opens it: the client asks for a new token.
        if (audience != managementApi)
        {
            return Challenge(http, StatusCodes.Status401Unauthorized, OAuthErrors.InvalidToken, "The access token is not for the management API.");
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

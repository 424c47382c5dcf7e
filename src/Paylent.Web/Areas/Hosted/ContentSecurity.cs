using Paylent.Domain.OAuth;

namespace Paylent.Web.Areas.Hosted;

/// <summary>
/// Widens a page's <c>form-action</c> to one client redirect URI. Browsers check <c>form-action</c>
/// along the redirects that follow a form post too, so the sign-in and consent forms of an OAuth flow,
/// whose posts end in a redirect to the client, and the form_post response page need it.
/// </summary>
public static class ContentSecurity
{
    public static void AllowFormActionTo(HttpContext context, string? redirectUri)
    {
        if (redirectUri is null || RedirectUri.Problem(redirectUri) is not null || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri))
        {
            return;
        }

        var source = uri.Scheme is "http" or "https" ? uri.GetLeftPart(UriPartial.Authority) : uri.Scheme + ":";
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = headers.ContentSecurityPolicy.ToString()
            .Replace("form-action 'self'", $"form-action 'self' {source}", StringComparison.Ordinal);
    }

    /// <summary>The parameters of the authorization request a return URL leads back to, if it is one.</summary>
    public static IQueryCollection? RequestOf(string? returnUrl) =>
        returnUrl is not null && returnUrl.StartsWith(OAuth.OAuthEndpoints.AuthorizationPath + "?", StringComparison.Ordinal)
            ? new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(returnUrl[OAuth.OAuthEndpoints.AuthorizationPath.Length..]))
            : null;
}

using Paylent.Application.Identity.Sessions;
using Paylent.Web.Hosting;

namespace Paylent.Web.Areas.Hosted;

/// <summary>
/// The end user's session cookie on an environment host: the session's random token, HttpOnly,
/// SameSite=Lax, path /, expiring with the session; on https it is Secure and named
/// <c>__Host-paylent_session</c>, so no sibling host (another environment) can set or shadow it.
/// </summary>
public static class SessionCookie
{
    public const string Name = "paylent_session";

    // A session token is 43 base64url characters; anything else is not ours and is never looked up.
    private const int MaxTokenLength = 128;

    private static readonly HostPrefixedCookieManager Cookies = new();

    public static string? Read(HttpContext context) =>
        Cookies.GetRequestCookie(context, Name) is { Length: > 0 and <= MaxTokenLength } value && value.All(IsBase64Url) ? value : null;

    public static void Issue(HttpContext context, StartedSession session) =>
        Cookies.AppendResponseCookie(context, Name, session.Token, Options(new DateTimeOffset(DateTime.SpecifyKind(session.ExpiresAt, DateTimeKind.Utc))));

    public static void Delete(HttpContext context) => Cookies.DeleteCookie(context, Name, Options(expires: null));

    private static CookieOptions Options(DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        IsEssential = true,
        Expires = expires,
    };

    private static bool IsBase64Url(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}

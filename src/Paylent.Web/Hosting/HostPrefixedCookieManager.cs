using Microsoft.AspNetCore.Authentication.Cookies;

namespace Paylent.Web.Hosting;

/// <summary>
/// Names cookies with the <c>__Host-</c> prefix on https, which browsers accept only for Secure,
/// host-only, path-/ cookies: a sibling subdomain (another environment's host) cannot set or
/// shadow them. Plain http (local development) keeps the bare name, which the prefix would forbid.
/// </summary>
public sealed class HostPrefixedCookieManager : ICookieManager
{
    private const string Prefix = "__Host-";
    private readonly ChunkingCookieManager _inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => _inner.GetRequestCookie(context, Name(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        _inner.AppendResponseCookie(context, Name(context, key), value, Prefixed(context, options));

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        _inner.DeleteCookie(context, Name(context, key), Prefixed(context, options));

    private static string Name(HttpContext context, string key) => context.Request.IsHttps ? Prefix + key : key;

    private static CookieOptions Prefixed(HttpContext context, CookieOptions options)
    {
        if (context.Request.IsHttps)
        {
            options.Secure = true;
            options.Path = "/";
            options.Domain = null;
        }

        return options;
    }
}

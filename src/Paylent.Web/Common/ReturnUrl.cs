namespace Paylent.Web.Common;

/// <summary>
/// Where a page may send the browser after it is done, or link to from a posted address. Only a path on this host: never
/// another origin, however disguised (<c>//evil.example</c>, <c>/\evil.example</c>, a tab or newline
/// a browser would strip). ASCII only: a redirect goes out in a <c>Location</c> header, which cannot
/// carry anything else (a percent-encoded path is fine). The OAuth flows send their authorize request's own path here.
/// </summary>
public static class ReturnUrl
{
    public const int MaxLength = 4096;

    public static bool IsAllowed(string? url) =>
        url is { Length: > 0 and <= MaxLength }
        && url[0] == '/'
        && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.Any(c => c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c) || c > '~');

    /// <summary>The URL if allowed, else null (so a form does not carry it on).</summary>
    public static string? AllowedOrNull(string? url) => IsAllowed(url) ? url : null;
}

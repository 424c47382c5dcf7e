using System.Net.Http.Headers;

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>How long the CA asks a client to wait before polling again (RFC 8555 §7.5.1, §8.2; RFC 9110 §10.2.3).</summary>
internal static class AcmeRetryAfter
{
    /// <summary>Between polls when the CA does not say.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The header's delay, given as seconds or as an HTTP-date (counted from <paramref name="now"/>, and
    /// never negative); null when there is none or it cannot be read.
    /// </summary>
    public static TimeSpan? Of(HttpResponseHeaders headers, DateTimeOffset now) => headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}

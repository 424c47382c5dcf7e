using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>
/// The CA's suggested renewal window for one certificate (RFC 9773 §4.2): renew at a random moment between
/// <see cref="Start"/> and <see cref="End"/>; <see cref="ExplanationUrl"/> says why, when the CA says;
/// <see cref="RetryAfter"/> is when to ask again (§4.3), if the CA said.
/// </summary>
public sealed partial record AcmeRenewalInfo(DateTimeOffset Start, DateTimeOffset End, Uri? ExplanationUrl, TimeSpan? RetryAfter)
{
    /// <summary>A renewalInfo answer is a small object; anything larger is not one.</summary>
    internal const int MaxBodyLength = 16 * 1024;

    private const int MaxUrlLength = 2000;

    /// <summary>Reads an answer strictly: anything but a window whose end follows its start is an <see cref="AcmeProtocolException"/>.</summary>
    internal static AcmeRenewalInfo Read(string body, TimeSpan? retryAfter)
    {
        const string what = "renewal information";
        if (body.Length > MaxBodyLength)
        {
            throw new AcmeProtocolException($"The CA's {what} is larger than {MaxBodyLength} characters.");
        }

        var json = AcmeJson.Parse(body, what);
        if (!json.TryGetProperty("suggestedWindow", out var window) || window.ValueKind != JsonValueKind.Object)
        {
            throw new AcmeProtocolException($"The CA's {what} has no \"suggestedWindow\" object.");
        }

        var start = Timestamp(AcmeJson.String(window, "start", "suggested window"), "start");
        var end = Timestamp(AcmeJson.String(window, "end", "suggested window"), "end");

        // §4.2: a window whose end is not after its start is invalid; checked on the times as they are
        // kept (to the microsecond, as PostgreSQL stores them), or a window of nanoseconds would pass
        // here and be empty once stored.
        if (end <= start)
        {
            throw new AcmeProtocolException($"The CA's suggested window ends ({end:O}) before it starts ({start:O}).");
        }

        // Optional and only ever logged: one that is no web URL (or no string) is dropped, never the window
        // with it, which may be the CA asking for a renewal now (a revocation ahead).
        Uri? explanation = null;
        if (json.TryGetProperty("explanationURL", out var given) && given.ValueKind == JsonValueKind.String
            && given.GetString() is { Length: <= MaxUrlLength } url
            && Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "https" or "http")
        {
            explanation = parsed;
        }

        return new AcmeRenewalInfo(start, end, explanation, retryAfter);
    }

    /// <summary>
    /// RFC 3339 §5.6 date-time only (a lenient parse would take "12/04/2026" for a date), in UTC, to the
    /// microsecond: what PostgreSQL keeps, so a window read back equals the one just read.
    /// </summary>
    private static DateTimeOffset Timestamp(string value, string name) =>
        Rfc3339().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? new DateTimeOffset(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero)
            : throw new AcmeProtocolException($"The \"{name}\" of the CA's suggested window is not an RFC 3339 date-time.");

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}

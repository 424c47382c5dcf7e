namespace Paylent.Domain.Domains;

/// <summary>
/// When a domain's certificate is ordered again: renewed at two thirds of its lifetime (so a certificate
/// of 90 days is renewed with 30 left, as Let's Encrypt advises), and a failed order retried after 1 h,
/// 2 h, 4 h ... at most 24 h apart (docs/domains.md, "Issuance and renewal").
/// </summary>
public static class CertificateSchedule
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromHours(1);

    public static readonly TimeSpan MaxRetry = TimeSpan.FromHours(24);

    /// <summary>Two thirds of the way from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    public static DateTime RenewAfter(DateTime notBefore, DateTime notAfter)
    {
        if (notAfter <= notBefore)
        {
            throw new ArgumentException("A certificate's validity ends after it begins.", nameof(notAfter));
        }

        return notBefore + (notAfter - notBefore) * 2 / 3;
    }

    /// <summary>
    /// How long to wait after the <paramref name="failures"/>-th failure in a row (1: the first): doubling
    /// from <see cref="FirstRetry"/>, capped at <see cref="MaxRetry"/>, and never sooner than the CA asked
    /// (<paramref name="caRetryAfter"/>, RFC 8555 §6.6), itself capped so a CA's whim cannot park a domain for weeks.
    /// </summary>
    public static TimeSpan RetryDelay(int failures, TimeSpan? caRetryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);

        // 2^5 h is past the cap already: no need to compute (or overflow) beyond it.
        var delay = failures > 5 ? MaxRetry : TimeSpan.FromTicks(Math.Min(FirstRetry.Ticks << (failures - 1), MaxRetry.Ticks));
        return caRetryAfter is { } asked && asked > delay ? (asked < MaxRetry ? asked : MaxRetry) : delay;
    }
}

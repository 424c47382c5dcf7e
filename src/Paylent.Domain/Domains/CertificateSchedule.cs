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
    /// When to renew within the window the CA suggests (ACME Renewal Information, RFC 9773 §4.2): the point
    /// <paramref name="fraction"/> (uniformly random in [0, 1), so that clients spread their renewals) of the
    /// way through it. A point already past (or a window already ended) is <paramref name="now"/>: renew at
    /// once. A point in the certificate's last stretch (<see cref="ExpiryMargin"/>) or after it would leave
    /// a failed order no time for its retries before the certificate expires: then two thirds of the
    /// lifetime (<see cref="RenewAfter"/>), as without a window.
    /// </summary>
    public static DateTime WithinWindow(DateTime start, DateTime end, DateTime notBefore, DateTime notAfter, DateTime now, double fraction)
    {
        if (end <= start)
        {
            throw new ArgumentException("A renewal window ends after it starts.", nameof(end));
        }

        if (fraction is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), "A point within the window is a fraction in [0, 1).");
        }

        var fallback = RenewAfter(notBefore, notAfter);
        var point = end <= now ? now : start + (end - start) * fraction;
        if (point >= notAfter - ExpiryMargin(notBefore, notAfter))
        {
            return fallback;
        }

        return point < now ? now : point;
    }

    /// <summary>
    /// The end of a certificate's life that a renewal must not be planned into: a thirtieth of the lifetime
    /// (3 days of 90), at least a day for retries (1 h, 2 h, 4 h ...), at most a third of a short lifetime.
    /// </summary>
    public static TimeSpan ExpiryMargin(DateTime notBefore, DateTime notAfter)
    {
        var lifetime = notAfter - notBefore;
        var margin = lifetime / 30;
        var least = TimeSpan.FromDays(1);
        return margin < least ? (least < lifetime / 3 ? least : lifetime / 3) : margin;
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

using Paylent.Domain.Domains;

namespace Paylent.Domain.Tests.Domains;

public sealed class CertificateScheduleTests
{
    private static readonly DateTime Start = new(2026, 12, 4, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_certificate_is_renewed_at_two_thirds_of_its_lifetime()
    {
        Assert.Equal(Start.AddDays(60), CertificateSchedule.RenewAfter(Start, Start.AddDays(90)));
        Assert.Equal(Start.AddHours(4), CertificateSchedule.RenewAfter(Start, Start.AddHours(6)));
        Assert.Throws<ArgumentException>(() => CertificateSchedule.RenewAfter(Start, Start));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 16)]
    [InlineData(6, 24)]
    [InlineData(7, 24)]
    [InlineData(64, 24)]
    [InlineData(int.MaxValue, 24)]
    public void Failures_in_a_row_are_retried_after_doubling_delays_capped_at_a_day(int failures, int hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), CertificateSchedule.RetryDelay(failures));

    [Fact]
    public void A_cas_retry_after_is_honoured_when_longer_but_never_beyond_a_day()
    {
        Assert.Equal(TimeSpan.FromHours(3), CertificateSchedule.RetryDelay(1, TimeSpan.FromHours(3)));
        Assert.Equal(TimeSpan.FromHours(2), CertificateSchedule.RetryDelay(2, TimeSpan.FromMinutes(5)));
        Assert.Equal(TimeSpan.FromHours(24), CertificateSchedule.RetryDelay(1, TimeSpan.FromDays(30)));
    }

    [Fact]
    public void There_is_no_zeroth_failure() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CertificateSchedule.RetryDelay(0));

    [Theory]
    [InlineData(0.0, 10 * 24)]
    [InlineData(0.5, 11 * 24)]
    [InlineData(0.999, 12 * 24 - 0.048)]
    public void A_suggested_window_ahead_is_renewed_at_the_drawn_point_within_it(double fraction, double hoursFromStart)
    {
        var now = Start.AddDays(1);

        var renewAfter = CertificateSchedule.WithinWindow(Start.AddDays(10), Start.AddDays(12), Start, Start.AddDays(90), now, fraction);

        Assert.Equal(Start.AddHours(hoursFromStart), renewAfter, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_window_already_ended_or_a_point_already_past_is_renewed_now()
    {
        var now = Start.AddDays(20);

        Assert.Equal(now, CertificateSchedule.WithinWindow(Start.AddDays(10), Start.AddDays(12), Start, Start.AddDays(90), now, 0.5));
        Assert.Equal(now, CertificateSchedule.WithinWindow(Start.AddDays(19), Start.AddDays(21), Start, Start.AddDays(90), now, 0.1));
    }

    [Fact]
    public void A_window_past_the_certificates_end_falls_back_to_two_thirds_of_its_lifetime()
    {
        var now = Start.AddDays(1);

        Assert.Equal(Start.AddDays(60), CertificateSchedule.WithinWindow(Start.AddDays(95), Start.AddDays(100), Start, Start.AddDays(90), now, 0.5));
        Assert.Equal(Start.AddDays(60), CertificateSchedule.WithinWindow(Start.AddDays(80), Start.AddDays(100), Start, Start.AddDays(90), now, 0.9));
        Assert.Equal(Start.AddDays(84), CertificateSchedule.WithinWindow(Start.AddDays(80), Start.AddDays(100), Start, Start.AddDays(90), now, 0.2));
    }

    [Fact]
    public void A_point_in_the_last_days_of_the_certificate_falls_back_to_two_thirds_so_a_failed_order_has_time_to_retry()
    {
        var now = Start.AddDays(1);

        // 90 days: the last 3 (a thirtieth) are no time to plan a renewal into.
        Assert.Equal(TimeSpan.FromDays(3), CertificateSchedule.ExpiryMargin(Start, Start.AddDays(90)));
        Assert.Equal(Start.AddDays(60), CertificateSchedule.WithinWindow(Start.AddDays(87), Start.AddDays(89), Start, Start.AddDays(90), now, 0.5));
        Assert.Equal(Start.AddDays(86.9), CertificateSchedule.WithinWindow(Start.AddDays(86), Start.AddDays(88), Start, Start.AddDays(90), now, 0.45), TimeSpan.FromSeconds(1));

        // 6 days (short-lived certificates): at least a day; 1 day: a third of it.
        Assert.Equal(TimeSpan.FromDays(1), CertificateSchedule.ExpiryMargin(Start, Start.AddDays(6)));
        Assert.Equal(TimeSpan.FromHours(8), CertificateSchedule.ExpiryMargin(Start, Start.AddDays(1)));
        Assert.Equal(Start.AddDays(4), CertificateSchedule.WithinWindow(Start.AddDays(5), Start.AddDays(5.5), Start, Start.AddDays(6), now, 0.5));
    }

    [Fact]
    public void A_window_that_does_not_end_after_it_starts_or_a_fraction_outside_it_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CertificateSchedule.WithinWindow(Start.AddDays(10), Start.AddDays(10), Start, Start.AddDays(90), Start, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => CertificateSchedule.WithinWindow(Start.AddDays(10), Start.AddDays(11), Start, Start.AddDays(90), Start, 1.0));
    }
}

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
}

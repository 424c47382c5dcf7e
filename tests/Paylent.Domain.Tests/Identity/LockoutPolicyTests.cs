using Paylent.Domain.Common;

namespace Paylent.Domain.Tests.Identity;

public sealed class LockoutPolicyTests
{
    private static readonly LockoutPolicy Policy = new(5, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15));

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Below_the_threshold_there_is_no_lockout(int failures) => Assert.Null(Policy.LockoutAfter(failures));

    [Theory]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(7, 4)]
    [InlineData(8, 8)]
    [InlineData(9, 15)]
    public void Each_failure_past_the_threshold_doubles_the_lockout_up_to_the_cap(int failures, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), Policy.LockoutAfter(failures));

    [Fact]
    public void No_number_of_failures_locks_a_user_for_longer_than_the_cap() =>
        Assert.Equal(TimeSpan.FromMinutes(15), Policy.LockoutAfter(int.MaxValue));
}

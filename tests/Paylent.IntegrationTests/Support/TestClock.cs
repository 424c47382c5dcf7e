namespace Paylent.IntegrationTests.Support;

/// <summary>A clock a test moves by hand, starting now, to cross retry delays without waiting.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

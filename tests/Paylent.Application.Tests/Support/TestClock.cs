namespace Paylent.Application.Tests.Support;

/// <summary>A clock a test moves by hand, to cross expiry and lockout windows without waiting.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

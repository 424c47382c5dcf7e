using Paylent.Domain.OAuth;

namespace Paylent.Domain.Tests.OAuth;

// Regressions found by review: deactivating after a rotation, and Unix-style paths read as file: URIs.
public sealed class SigningKeyRegressionTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Guid EnvironmentId = Guid.CreateVersion7();

    [Fact]
    public void Deactivating_the_previous_primary_after_a_rotation_leaves_the_new_primary_signing()
    {
        var previous = SigningKey.Create(EnvironmentId, SigningAlgorithms.Rs256, "previous", "pub", "sealed", Now);
        var keys = new List<SigningKey>();
        var ring = new SigningKeyRing(keys);
        ring.Add(previous);
        keys.Add(previous);
        var current = SigningKey.Create(EnvironmentId, SigningAlgorithms.Rs256, "current", "pub", "sealed", Now.AddMinutes(10));
        ring.Add(current);
        keys.Add(current);

        // The primary is still active, so "previous" is not the last active key.
        ring.Deactivate(previous, Now.AddHours(1));

        Assert.Equal(SigningKeyStatus.Deactivated, previous.Status);
        Assert.Same(current, ring.Primary);
    }

    [Theory]
    [InlineData("/billing")]
    [InlineData("//billing.example/api")]
    public void A_path_is_not_an_absolute_uri_for_resources_and_audiences(string value) =>
        Assert.False(RedirectUri.IsAbsoluteWithoutFragment(value));
}

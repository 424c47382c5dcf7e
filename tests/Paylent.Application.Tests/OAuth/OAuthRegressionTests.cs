using Microsoft.EntityFrameworkCore;
using Paylent.Application.OAuth;
using Paylent.Application.OAuth.SigningKeys;
using Paylent.Application.OAuth.Tokens;
using Paylent.Application.Tests.Support;
using Paylent.Domain.OAuth;

namespace Paylent.Application.Tests.OAuth;

// Regressions found by review: deactivating after a rotation, relative resources.
public sealed class OAuthRegressionTests
{
    [Fact]
    public async Task Deactivating_the_previous_primary_after_a_rotation_succeeds()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var previous = await app.Read(db => db.SigningKeys.IgnoreQueryFilters().SingleAsync(k => k.EnvironmentId == test.EnvironmentId && k.Algorithm == SigningAlgorithms.Rs256));
        var current = await app.Send(new GenerateSigningKey(), test);

        var deactivated = await app.Send(new DeactivateSigningKey(previous.Id), test);

        Assert.Equal(SigningKeyStatus.Deactivated, deactivated.Status);
        Assert.Equal(SigningKeyStatus.Primary, (await app.Send(new GetSigningKey(current.Id), test)).Status);
    }

    [Theory]
    [InlineData("/billing")]
    [InlineData("//billing.example/api")]
    public async Task A_resource_that_is_a_relative_reference_is_an_invalid_target(string resource)
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var management = new ClientCredentials(OAuthClient.ManagementClientId, ApplicationHarness.ManagementSecret, ClientAuthMethod.Basic);

        var error = await Assert.ThrowsAsync<OAuthException>(() =>
            app.Send(new IssueClientCredentialsToken(management, null, [resource], "http://demo-test.localhost"), account.In("test")));

        Assert.Equal(OAuthErrors.InvalidTarget, error.Error);
    }
}

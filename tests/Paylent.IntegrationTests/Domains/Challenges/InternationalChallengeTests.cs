using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.Domains.Challenges;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Domains.Challenges;

/// <summary>
/// An internationalized custom domain is kept in ASCII (<c>xn--bcher-kva.example</c>) while the framework
/// hands its Host header over decoded: the challenge is looked up by the ASCII name, or the CA's HTTP-01
/// check could never pass and the domain never get a certificate.
/// </summary>
public sealed class InternationalChallengeTests
{
    [Theory]
    [InlineData("login.shop.example")]
    [InlineData("xn--bcher-kva.example")]
    public async Task An_http01_answer_is_served_for_an_internationalized_custom_domain_too(string host)
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var store = app.Services.GetRequiredService<IAcmeChallengeStore>();
        var token = NewToken();
        var keyAuthorization = $"{token}.{NewToken()}";
        await store.PublishAsync(host, token, keyAuthorization, DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);

        var response = await app.Client(host).GetAsync($"/.well-known/acme-challenge/{token}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(keyAuthorization, await response.Content.ReadAsStringAsync());
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

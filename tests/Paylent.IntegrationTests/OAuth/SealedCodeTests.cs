using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Common.Persistence;
using Paylent.Application.OAuth;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>
/// Authorization codes sealed for the server (<see cref="IAuthorizationCodeSeal"/>): what the seal holds
/// comes back whole, only in the environment that sealed it, and nothing else opens: no changed
/// character, no garbage, no other environment's code.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class SealedCodeTests(Apps apps)
{
    private static readonly DateTime Now = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_sealed_code_opens_whole_in_its_environment_only()
    {
        var (seal, test, production) = await SealAsync();
        var full = Code(test, nonce: "n-0123", consentId: Guid.CreateVersion7(), organizationId: Guid.CreateVersion7());
        var bare = Code(test, nonce: null, consentId: null, organizationId: null);

        foreach (var code in new[] { full, bare })
        {
            var opened = seal.Open(test, seal.Seal(code));
            Assert.NotNull(opened);
            Assert.Equal(code with { RedirectUriHash = [] }, opened with { RedirectUriHash = [] });
            Assert.True(opened.IsFor("https://app.example/callback"));
            Assert.Equal(DateTimeKind.Utc, opened.CreatedAt.Kind);
            Assert.Null(seal.Open(production, seal.Seal(code)));
        }

        // Nothing of the request can be read from the code itself.
        var sealedBytes = Base64UrlBytes(seal.Seal(full));
        Assert.DoesNotContain("n-0123", Encoding.UTF8.GetString(sealedBytes), StringComparison.Ordinal);
        Assert.DoesNotContain("orders:read", Encoding.UTF8.GetString(sealedBytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_changed_character_or_garbage_opens_nothing()
    {
        var (seal, test, _) = await SealAsync();
        var code = seal.Seal(Code(test, "nonce", null, null));
        for (var i = 0; i < code.Length; i++)
        {
            var changed = code[..i] + (code[i] == 'A' ? 'B' : 'A') + code[(i + 1)..];
            Assert.Null(seal.Open(test, changed));
        }

        foreach (var garbage in new[] { "", "A", "!!!!", "%00", code[..^1], code + "A", code + "=", code + " ", " " + code, code + code, new string('A', AuthorizationCode.MaxSealedLength), "\0\uFFFF\uD800" })
        {
            Assert.Null(seal.Open(test, garbage));
        }
    }

    [Fact]
    public async Task The_largest_request_seals_into_a_code_the_token_endpoint_accepts()
    {
        var (seal, test, _) = await SealAsync();
        // Beyond the largest: the authorization endpoint takes a scope of 1,000 characters; a nonce of three-byte characters is the longest in UTF-8.
        var largest = Code(test, nonce: new string('\u20AC', AuthorizationCode.MaxNonceLength), Guid.CreateVersion7(), Guid.CreateVersion7()) with
        {
            ClientId = new string('c', 64),
            Scope = new string('s', 2000),
            CodeChallenge = new string('x', 128),
        };

        var code = seal.Seal(largest);

        Assert.InRange(code.Length, 1, AuthorizationCode.MaxSealedLength);
        Assert.Equal(largest.Nonce, seal.Open(test, code)!.Nonce);
    }

    private async Task<(IAuthorizationCodeSeal Seal, Guid Test, Guid Production)> SealAsync()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        Task<Guid> IdOf(string environment) =>
            app.InEnvironmentAsync(environment, services => Task.FromResult(services.GetRequiredService<EnvironmentContext>().RequiredEnvironmentId));
        return (app.Services.GetRequiredService<IAuthorizationCodeSeal>(), await IdOf("test"), await IdOf("production"));
    }

    private static AuthorizationCode Code(Guid environmentId, string? nonce, Guid? consentId, Guid? organizationId) =>
        AuthorizationCode.Issue(
            environmentId, "app", Guid.CreateVersion7(), Guid.CreateVersion7(), "https://app.example/callback", "openid orders:read", CodeFlow.Challenge, nonce,
            consentId, Now, organizationId);

    private static byte[] Base64UrlBytes(string code) => System.Buffers.Text.Base64Url.DecodeFromChars(code);
}

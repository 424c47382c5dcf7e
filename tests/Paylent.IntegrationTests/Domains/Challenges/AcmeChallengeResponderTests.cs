using System.Data.Common;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.Domains.Challenges;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Domains.Challenges;

/// <summary>The HTTP-01 responder (RFC 8555 §8.3; docs/domains.md, "HTTP-01 answers").</summary>
public sealed class AcmeChallengeResponderTests
{
    private const string Host = "login.shop.example";

    /// <summary>
    /// An internationalized domain is kept in ASCII while the framework hands its Host header over decoded
    /// (bücher.example): the answer is looked up by the ASCII name, or the CA's check could never pass.
    /// </summary>
    [Fact]
    public async Task An_answer_for_an_internationalized_domain_is_served_to_its_host()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var store = app.Services.GetRequiredService<IAcmeChallengeStore>();
        var token = NewToken();
        var keyAuthorization = $"{token}.{NewToken()}";
        await store.PublishAsync("xn--bcher-kva.example", token, keyAuthorization, DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);

        var response = await app.Client("xn--bcher-kva.example").GetAsync($"/.well-known/acme-challenge/{token}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(keyAuthorization, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_published_answer_is_served_for_its_host_only_until_it_is_removed(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider);
        var store = app.Services.GetRequiredService<IAcmeChallengeStore>();
        var token = NewToken();
        var keyAuthorization = $"{token}.{NewToken()}";

        await store.PublishAsync(Host, token, keyAuthorization, DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);

        var response = await app.Client(Host).GetAsync($"/.well-known/acme-challenge/{token}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(keyAuthorization, await response.Content.ReadAsStringAsync());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());

        // Another host's token, and the same host on another token, are not answered.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client("other.shop.example").GetAsync($"/.well-known/acme-challenge/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client(Host).GetAsync($"/.well-known/acme-challenge/{NewToken()}")).StatusCode);

        await store.RemoveAsync(Host, token, CancellationToken.None);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client(Host).GetAsync($"/.well-known/acme-challenge/{token}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_expired_answer_is_not_served_and_bad_input_to_the_store_is_refused(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider);
        var store = app.Services.GetRequiredService<IAcmeChallengeStore>();
        var token = NewToken();

        await store.PublishAsync(Host, token, $"{token}.{NewToken()}", DateTimeOffset.UtcNow.AddSeconds(-1), CancellationToken.None);

        Assert.Equal(HttpStatusCode.NotFound, (await app.Client(Host).GetAsync($"/.well-known/acme-challenge/{token}")).StatusCode);
        await Assert.ThrowsAsync<ArgumentException>(() => store.PublishAsync(Host, "short", "short.x", DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PublishAsync(Host, token, $"{NewToken()}.{NewToken()}", DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PublishAsync(Host, token, $"{token}.not base64url!", DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PublishAsync("bad host/name", token, $"{token}.{NewToken()}", DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None));
    }

    [Fact]
    public async Task Unknown_hosts_and_malformed_or_huge_tokens_get_404_without_a_database_lookup()
    {
        ChallengeCommands? commands = null;
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, null, services =>
        {
            services.AddHttpContextAccessor();
            services.ConfigureDbContext<PaylentDbContext>((sp, options) =>
                options.AddInterceptors(commands ??= new ChallengeCommands(sp.GetRequiredService<IHttpContextAccessor>())));
        });
        var token = NewToken();
        await app.Services.GetRequiredService<IAcmeChallengeStore>()
            .PublishAsync(Host, token, $"{token}.{NewToken()}", DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, (await app.Client(Host).GetAsync($"/.well-known/acme-challenge/{token}")).StatusCode);
        var before = commands!.Count;

        string[] paths =
        [
            $"/.well-known/acme-challenge/{NewToken()}", // a well-formed token on each unknown host below
            $"/.well-known/acme-challenge/{new string('a', 129)}",
            $"/.well-known/acme-challenge/{new string('a', 10_000)}",
            "/.well-known/acme-challenge/not+base64url%2F==",
            "/.well-known/acme-challenge/tooshort",
            $"/.well-known/acme-challenge/{token}/more",
            "/.well-known/acme-challenge/",
        ];
        foreach (var host in new[] { "unknown.example", "other.shop.example", "demo-test.localhost" })
        {
            foreach (var path in paths)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await app.Client(host).GetAsync(path)).StatusCode);
            }
        }

        // On the host that has an answer: a malformed token never reaches the database either.
        foreach (var path in paths.Skip(1))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await app.Client(Host).GetAsync(path)).StatusCode);
        }

        Assert.Equal(before, commands.Count);
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Counts the commands that read <c>acme_challenges</c> for a request (not the reloads notices schedule).</summary>
    private sealed class ChallengeCommands(IHttpContextAccessor http) : DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (http.HttpContext is not null && command.CommandText.Contains("acme_challenges", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }

            return ValueTask.FromResult(result);
        }
    }
}

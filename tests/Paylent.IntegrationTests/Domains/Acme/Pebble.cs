using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Paylent.IntegrationTests.Domains.Acme;

/// <summary>
/// The Pebble CA and its test DNS server that <c>./build.sh test</c> (or <c>./build.sh pebble</c>)
/// starts, and the HTTP-01 responder Pebble validates against: one per test run, since Pebble fetches
/// every answer from the same port.
/// </summary>
public sealed class Pebble : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, string> _answers = new();
    private WebApplication? _responder;

    public Uri Directory { get; } = new(Variable("PAYLENT_TEST_PEBBLE_DIRECTORY"));

    /// <summary>The PEM of the root Pebble's own HTTPS certificate chains to (not the issuing root).</summary>
    public string RootsFile { get; } = Variable("PAYLENT_TEST_PEBBLE_ROOTS");

    private Uri Management { get; } = new(Variable("PAYLENT_TEST_PEBBLE_MANAGEMENT"));

    private Uri ChallengeTestServer { get; } = new(Variable("PAYLENT_TEST_PEBBLE_CHALLTESTSRV"));

    /// <summary>The port on 127.0.0.1 where Pebble fetches HTTP-01 answers.</summary>
    public int HttpPort { get; } = int.Parse(Variable("PAYLENT_TEST_PEBBLE_HTTP_PORT"), CultureInfo.InvariantCulture);

    public Task InitializeAsync() => StartResponderAsync();

    public Task DisposeAsync() => StopResponderAsync();

    /// <summary>
    /// Frees <see cref="HttpPort"/> for a listener of the test's own (Paylent's, answering HTTP-01 itself)
    /// until the result is disposed, when this fixture's responder takes it back.
    /// </summary>
    public async Task<IAsyncDisposable> LendHttpPortAsync()
    {
        await StopResponderAsync();
        return new Lease(this);
    }

    internal Task ReturnHttpPortAsync() => StartResponderAsync();

    private async Task StartResponderAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, HttpPort));
        _responder = builder.Build();
        _responder.MapGet("/.well-known/acme-challenge/{token}", (string token) =>
            _answers.TryGetValue(token, out var answer) ? Results.Text(answer, "application/octet-stream") : Results.NotFound());
        await _responder.StartAsync();
    }

    private async Task StopResponderAsync()
    {
        if (_responder is not null)
        {
            await _responder.DisposeAsync();
            _responder = null;
        }
    }

    /// <summary>Serves <paramref name="body"/> at <c>/.well-known/acme-challenge/{token}</c> on every host name.</summary>
    public void Answer(string token, string body) => _answers[token] = body;

    /// <summary>A fresh name under <c>example.test</c> whose A record in the test DNS is 127.0.0.1, where the responder listens.</summary>
    public async Task<string> NewHostnameAsync()
    {
        var hostname = $"shop-{Guid.NewGuid():N}.example.test";
        using var http = new HttpClient();
        var response = await http.PostAsJsonAsync(new Uri(ChallengeTestServer, "/add-a"), new { host = hostname, addresses = new[] { "127.0.0.1" } });
        response.EnsureSuccessStatusCode();
        return hostname;
    }

    /// <summary>The root Pebble issues under (a new one at each Pebble start), from its management API.</summary>
    public async Task<X509Certificate2> IssuingRootAsync()
    {
        using var http = TrustingPebble();
        return X509Certificate2.CreateFromPem(await http.GetStringAsync(new Uri(Management, "/roots/0")));
    }

    private HttpClient TrustingPebble()
    {
        var trusted = new X509Certificate2Collection();
        trusted.ImportFromPemFile(RootsFile);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is X509Certificate2 leaf && chain.Build(leaf);
        };
        return new HttpClient(handler);
    }

    private static string Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"ACME tests need {name}: ./build.sh test starts Pebble and sets it; while developing, run ./build.sh pebble and export what it prints.");
}

/// <summary>Gives the HTTP-01 port back to the fixture's responder.</summary>
file sealed class Lease(Pebble pebble) : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await pebble.ReturnHttpPortAsync();
}

[CollectionDefinition(Name)]
public sealed class PebbleCollection : ICollectionFixture<Pebble>
{
    public const string Name = "Pebble";
}

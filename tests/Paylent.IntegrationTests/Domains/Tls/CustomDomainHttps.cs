using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Paylent.Application.Identity.Users;
using Paylent.Application.OAuth.Clients;
using Paylent.Domain.Identity;
using Paylent.Domain.OAuth;
using Paylent.Testing;
using Xunit.Abstractions;

namespace Paylent.IntegrationTests.Domains.Tls;

/// <summary>
/// What a relying party sees of a custom domain served over real HTTPS by an instance, trusting Pebble's
/// issuing root alone: shared by the test that installs a Pebble certificate itself and the one where
/// Paylent's own issuance job obtains it.
/// </summary>
internal static class CustomDomainHttps
{
    /// <summary>A client that reaches every name on the instance's HTTPS port (as DNS would send it there) and trusts <paramref name="root"/> alone.</summary>
    public static HttpClient Client(X509Certificate2 root, int port)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Trusted(root, certificate, chain, errors);
        return new HttpClient(handler);
    }

    /// <summary>The name matches and the chain the server sent builds to <paramref name="root"/>, the one trust anchor.</summary>
    public static bool Trusted(X509Certificate2 root, X509Certificate? certificate, X509Chain? sent, SslPolicyErrors errors)
    {
        if (certificate is not X509Certificate2 leaf || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.AddRange(sent?.ChainPolicy.ExtraStore ?? []);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }

    /// <summary>
    /// Asks <paramref name="url"/> until it no longer answers <paramref name="while"/> (an instance routes a
    /// domain's change once the change notice reaches it); the answer and how long that took.
    /// </summary>
    public static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> UntilNotAsync(HttpClient http, Uri url, HttpStatusCode @while, TimeSpan deadline)
    {
        var started = TimeProvider.System.GetTimestamp();
        HttpResponseMessage response;
        while ((response = await http.GetAsync(url)).StatusCode == @while)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < deadline, $"{url} still answered {(int)@while} after {deadline.TotalSeconds:F0} s");
            response.Dispose();
            await Task.Delay(50);
        }

        return (response, TimeProvider.System.GetElapsedTime(started));
    }

    /// <summary>
    /// openid-client, unmodified, on the custom domain: discovery, the code flow with PKCE through the hosted
    /// sign-in, ID-token validation (its <c>iss</c>), RFC 9207's <c>iss</c> on the callback, userinfo, refresh,
    /// introspection and logout (tests/Paylent.InteropTests/rp/flow.mjs), trusting <paramref name="root"/> through
    /// NODE_EXTRA_CA_CERTS and reaching the name on loopback as DNS would send it. The user who signs in and the
    /// client are made in the <c>test</c> environment first.
    /// </summary>
    public static async Task RunOpenIdClientAsync(PaylentApp writer, X509Certificate2 root, string issuer, string hostname, ITestOutputHelper output)
    {
        const string Password = "custom domain user password 1";
        var email = $"custom-{Guid.NewGuid():N}@example.com";
        await writer.SendAsync("test", new CreateUser(new UserProfile(email, null, "Ada", "Lovelace", EmailVerified: true), Password));
        var client = await writer.SendAsync("test", new CreateOAuthClient(ClientType.Confidential, new OAuthClientSettings(
            "Custom domain RP", ["https://rp.example/custom/callback"], ["https://rp.example/custom/signed-out"],
            [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken], ["openid", "profile", "email", "offline_access", "roles"], FirstParty: true)));
        var rootFile = Path.Combine(Path.GetTempPath(), $"paylent-pebble-root-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(rootFile, root.ExportCertificatePem());
        try
        {
            var run = await RelyingParty.RunAsync("flow.mjs", new Dictionary<string, string>
            {
                ["PAYLENT_ISSUER"] = issuer,
                ["PAYLENT_CLIENT_ID"] = client.Client.ClientId,
                ["PAYLENT_CLIENT_SECRET"] = client.ClientSecret!,
                ["PAYLENT_REDIRECT_URI"] = "https://rp.example/custom/callback",
                ["PAYLENT_POST_LOGOUT_REDIRECT_URI"] = "https://rp.example/custom/signed-out",
                ["PAYLENT_USER_EMAIL"] = email,
                ["PAYLENT_USER_PASSWORD"] = Password,
                ["PAYLENT_LOOPBACK_HOSTS"] = hostname,
                ["NODE_EXTRA_CA_CERTS"] = rootFile,
            });
            output.WriteLine(run.StandardOutput);
            Assert.True(run.ExitCode == 0, $"flow.mjs exited {run.ExitCode}: {run.StandardOutput}{run.StandardError}");
            var summary = JsonDocument.Parse(run.StandardOutput).RootElement;
            Assert.True(summary.GetProperty("ok").GetBoolean());
            Assert.True(summary.GetProperty("callback_iss").GetBoolean());
            Assert.True(summary.GetProperty("id_token").GetProperty("iss").GetBoolean());
            Assert.Equal(email, summary.GetProperty("userinfo").GetProperty("email").GetString());
            Assert.True(summary.GetProperty("refresh_rotated").GetBoolean());
            Assert.True(summary.GetProperty("session_ended").GetBoolean());
        }
        finally
        {
            File.Delete(rootFile);
        }
    }
}

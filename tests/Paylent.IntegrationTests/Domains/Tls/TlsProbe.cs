using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npgsql;
using Paylent.Infrastructure.Common;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Domains.Tls;

/// <summary>What a TLS client sees: the leaf a listener serves for a server name, and the certificates it sent with it.</summary>
internal static class TlsProbe
{
    public sealed record Served(X509Certificate2 Leaf, X509Certificate2Collection Sent);

    /// <summary>A handshake with <paramref name="serverName"/> as SNI (null: none is sent, as for an IP address).</summary>
    public static async Task<Served> HandshakeAsync(int port, string? serverName)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        X509Certificate2Collection sent = [];
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, chain, _) =>
        {
            // The certificates the server sent besides its leaf are what the client built the chain with.
            sent = [.. chain!.ChainPolicy.ExtraStore.Select(c => X509CertificateLoader.LoadCertificate(c.RawData))];
            return true;
        });
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName ?? "127.0.0.1" });
        return new Served(X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData()), sent);
    }

    /// <summary>Polls until the listener serves <paramref name="serial"/> for <paramref name="serverName"/>; the time it took.</summary>
    public static async Task<TimeSpan> UntilServedAsync(int port, string serverName, string serial, TimeSpan deadline)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var served = await HandshakeAsync(port, serverName);
            if (served.Leaf.SerialNumber == serial)
            {
                return TimeProvider.System.GetElapsedTime(started);
            }

            Assert.True(TimeProvider.System.GetElapsedTime(started) < deadline, $"{serverName} still serves {served.Leaf.SerialNumber}, not {serial}");
            await Task.Delay(100);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until <paramref name="count"/> instances on <paramref name="database"/> listen for change notices.</summary>
    public static async Task UntilListeningAsync(TestDatabase database, int count)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (await ListenersAsync(database) < count)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(30), "the instances never listened");
            await Task.Delay(100);
        }
    }

    public static async Task<int> ListenersAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name AND query = @listen", connection);
        command.Parameters.AddWithValue("name", PostgresChangeListener.ApplicationName);
        command.Parameters.AddWithValue("listen", $"LISTEN {PostgresChangeListener.Channel}");
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Certificates made for a test as an ACME CA issues them: a root, an intermediate under it, and leaves under that.</summary>
internal sealed class TestCa : IDisposable
{
    public TestCa(string name = "Paylent test")
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Root = Authority($"CN={name} root", rootKey).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediate = Authority($"CN={name} intermediate", intermediateKey)
            .Create(Root, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(20), RandomNumberGenerator.GetBytes(16));
        Certificate = intermediate.CopyWithPrivateKey(intermediateKey);
    }

    public X509Certificate2 Root { get; }

    /// <summary>The intermediate, which signs the leaves.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A leaf for <paramref name="hostname"/>: its chain PEM (leaf, then the intermediate, no root), its PKCS#8 key, its serial.</summary>
    public (string ChainPem, byte[] Key, string Serial) Issue(string hostname)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostname}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostname);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = request.Create(Certificate, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));
        return (leaf.ExportCertificatePem() + "\n" + Certificate.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKey(), leaf.SerialNumber);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        Root.Dispose();
    }

    private static CertificateRequest Authority(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }
}

/// <summary>An instance with the custom domains' listeners on free loopback ports.</summary>
internal sealed class CustomDomainInstance(PaylentProcess process, int mainPort, int httpPort, int httpsPort) : IAsyncDisposable
{
    public int MainPort => mainPort;

    public int HttpPort => httpPort;

    public int HttpsPort => httpsPort;

    /// <param name="settings">More settings of the instance (the CA and name servers of the issuance tests).</param>
    public static async Task<CustomDomainInstance> StartAsync(TestDatabase database, int? httpPort = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var (main, http, https) = (TlsProbe.FreePort(), httpPort ?? TlsProbe.FreePort(), TlsProbe.FreePort());
        var all = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{main}",
            ["Paylent:Http:Url"] = $"http://127.0.0.1:{http}",
            ["Paylent:Https:Url"] = $"https://127.0.0.1:{https}",
            ["Paylent:Https:RedirectPort"] = https.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is not null)
            {
                all[key] = value;
            }
        }

        var process = await PaylentProcess.StartAsync(database, all);
        return new CustomDomainInstance(process, main, http, https);
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}

using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Paylent.IntegrationTests.Support;

/// <summary>How <see cref="SmtpTestServer"/> protects its connections.</summary>
public enum SmtpTestTls
{
    /// <summary>Plain SMTP, no STARTTLS offered.</summary>
    None,

    /// <summary>STARTTLS offered (RFC 3207), and required before MAIL FROM and AUTH.</summary>
    StartTls,

    /// <summary>TLS from the first byte (RFC 8314 §3.3).</summary>
    Implicit,
}

/// <param name="Tls">How connections are protected.</param>
/// <param name="Username">When set, AUTH (PLAIN and LOGIN, RFC 4954) with these credentials is required before MAIL FROM.</param>
/// <param name="Password">The password that goes with <paramref name="Username"/>.</param>
/// <param name="RejectedRecipients">Recipients refused with 550 at RCPT TO.</param>
/// <param name="AuthMechanisms">The SASL mechanisms offered, of PLAIN and LOGIN.</param>
public sealed record SmtpTestServerOptions(
    SmtpTestTls Tls = SmtpTestTls.None,
    string? Username = null,
    string? Password = null,
    IReadOnlyList<string>? RejectedRecipients = null,
    string AuthMechanisms = "PLAIN LOGIN");

/// <summary>
/// One message the server received, with how its session was protected; <paramref name="Acknowledged"/>
/// is false for a message held without a reply (<see cref="SmtpTestServer.HoldNextMessage"/>).
/// </summary>
public sealed record ReceivedEmail(string Data, string? Recipient, bool OverTls, string? AuthenticatedAs, bool Acknowledged = true);

/// <summary>
/// Just enough of an SMTP server (RFC 5321, with STARTTLS or implicit TLS on a self-signed certificate
/// for 127.0.0.1 and AUTH PLAIN/LOGIN) on loopback to receive what Paylent sends: every message's DATA,
/// dot-unstuffed, and every command it was sent, so a test can tell what crossed the wire in clear.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpTestServerOptions _options;
    private readonly X509Certificate2 _certificate = SelfSignedCertificate();
    private readonly string _folder = Directory.CreateTempSubdirectory("paylent-smtp-").FullName;
    private readonly Task _accepting;
    private readonly List<ReceivedEmail> _messages = [];
    private readonly List<(string Command, bool OverTls)> _commands = [];
    private TaskCompletionSource<ReceivedEmail>? _hold;

    public SmtpTestServer(SmtpTestServerOptions? options = null)
    {
        _options = options ?? new SmtpTestServerOptions();
        CertificateFile = Path.Combine(_folder, "smtp.pem");
        File.WriteAllText(CertificateFile, _certificate.ExportCertificatePem());
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The server's self-signed certificate, as PEM: what a client is told to trust.</summary>
    public string CertificateFile { get; }

    public IReadOnlyList<string> Messages => [.. Received.Select(m => m.Data)];

    public IReadOnlyList<ReceivedEmail> Received
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>
    /// Makes the server take the next message's DATA in full and then never answer it, as a server
    /// would while the sender dies mid-send: the session waits until the client goes away.
    /// </summary>
    /// <returns>Completes with the held message once its data has arrived.</returns>
    public Task<ReceivedEmail> HoldNextMessage()
    {
        var hold = new TaskCompletionSource<ReceivedEmail>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _hold, hold);
        return hold.Task;
    }

    /// <summary>Each command's verb (AUTH's arguments left out) and whether it came over TLS.</summary>
    public IReadOnlyList<(string Command, bool OverTls)> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                try
                {
                    await ServeAsync(client.GetStream());
                }
                catch (Exception e) when (e is IOException or AuthenticationException)
                {
                    // The client went away, or refused our certificate: serve the next one.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(NetworkStream network)
    {
        var session = new Session(this);
        if (_options.Tls == SmtpTestTls.Implicit)
        {
            await session.SecureAsync(network);
        }
        else
        {
            session.Use(network);
        }

        await session.ReplyAsync("220 localhost ESMTP test");
        while (await session.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            lock (_commands)
            {
                _commands.Add((verb, session.OverTls));
            }

            if (!await session.HandleAsync(verb, line, network))
            {
                return;
            }
        }
    }

    private sealed class Session(SmtpTestServer server)
    {
        private Stream _stream = Stream.Null;
        private StreamReader _reader = StreamReader.Null;
        private string? _authenticatedAs;
        private string? _recipient;

        public bool OverTls { get; private set; }

        private SmtpTestServerOptions Options => server._options;

        private bool MayAuthenticate => Options.Tls != SmtpTestTls.StartTls || OverTls;

        public void Use(Stream stream)
        {
            _stream = stream;
            _reader = new StreamReader(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        }

        public async Task SecureAsync(Stream network)
        {
            var tls = new SslStream(network, leaveInnerStreamOpen: true);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = server._certificate }, server._stop.Token);
            Use(tls);
            OverTls = true;
        }

        public Task<string?> ReadLineAsync() => _reader.ReadLineAsync(server._stop.Token).AsTask();

        public async Task ReplyAsync(string line)
        {
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), server._stop.Token);
            await _stream.FlushAsync(server._stop.Token);
        }

        /// <returns>false once the session is over.</returns>
        public async Task<bool> HandleAsync(string verb, string line, Stream network)
        {
            switch (verb)
            {
                case "EHLO":
                    var extensions = new List<string> { "localhost", "PIPELINING" };
                    if (Options.Tls == SmtpTestTls.StartTls && !OverTls)
                    {
                        extensions.Add("STARTTLS");
                    }

                    if (Options.Username is not null && MayAuthenticate)
                    {
                        extensions.Add($"AUTH {Options.AuthMechanisms}");
                    }

                    for (var i = 0; i < extensions.Count; i++)
                    {
                        await ReplyAsync($"250{(i < extensions.Count - 1 ? '-' : ' ')}{extensions[i]}");
                    }

                    break;
                case "HELO":
                    await ReplyAsync("250 localhost");
                    break;
                case "STARTTLS" when Options.Tls == SmtpTestTls.StartTls && !OverTls:
                    await ReplyAsync("220 2.0.0 Ready to start TLS");
                    await SecureAsync(network);
                    _authenticatedAs = null;
                    break;
                case "AUTH" when Options.Username is not null && MayAuthenticate:
                    await AuthenticateAsync(line);
                    break;
                case "MAIL" when Options.Tls == SmtpTestTls.StartTls && !OverTls:
                    await ReplyAsync("530 5.7.0 Must issue a STARTTLS command first");
                    break;
                case "MAIL" when Options.Username is not null && _authenticatedAs is null:
                    await ReplyAsync("530 5.7.0 Authentication required");
                    break;
                case "RCPT":
                    _recipient = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().TrimStart('<').Split('>')[0];
                    await ReplyAsync(Options.RejectedRecipients?.Contains(_recipient, StringComparer.OrdinalIgnoreCase) == true
                        ? "550 5.1.1 No such user"
                        : "250 2.1.5 OK");
                    break;
                case "DATA":
                    await ReplyAsync("354 end with <CRLF>.<CRLF>");
                    var data = new StringBuilder();
                    while (await ReadLineAsync() is { } dataLine && dataLine != ".")
                    {
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    }

                    if (Interlocked.Exchange(ref server._hold, null) is { } hold)
                    {
                        var held = new ReceivedEmail(data.ToString(), _recipient, OverTls, _authenticatedAs, Acknowledged: false);
                        lock (server._messages)
                        {
                            server._messages.Add(held);
                        }

                        hold.SetResult(held);

                        // No reply: whatever the client sends next, or its going away, ends the session.
                        await ReadLineAsync();
                        return false;
                    }

                    lock (server._messages)
                    {
                        server._messages.Add(new ReceivedEmail(data.ToString(), _recipient, OverTls, _authenticatedAs));
                    }

                    await ReplyAsync("250 2.0.0 queued");
                    break;
                case "QUIT":
                    await ReplyAsync("221 2.0.0 bye");
                    return false;
                case "STARTTLS" or "AUTH":
                    await ReplyAsync("502 5.5.1 Not available");
                    break;
                default:
                    await ReplyAsync("250 OK");
                    break;
            }

            return true;
        }

        // RFC 4954 §4, with the PLAIN (RFC 4616) and LOGIN exchanges.
        private async Task AuthenticateAsync(string line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var mechanism = words.Length > 1 ? words[1].ToUpperInvariant() : string.Empty;
            string? username;
            string? password;
            switch (mechanism)
            {
                case "PLAIN":
                    var response = words.Length > 2 ? words[2] : await ChallengeAsync(string.Empty);
                    var fields = Decode(response)?.Split('\0');
                    (username, password) = fields is { Length: 3 } ? (fields[1], fields[2]) : (null, null);
                    break;
                case "LOGIN":
                    username = Decode(words.Length > 2 ? words[2] : await ChallengeAsync("Username:"));
                    password = Decode(await ChallengeAsync("Password:"));
                    break;
                default:
                    await ReplyAsync("504 5.5.4 Unrecognized authentication type");
                    return;
            }

            if (username == Options.Username && password == Options.Password)
            {
                _authenticatedAs = username;
                await ReplyAsync("235 2.7.0 Authentication successful");
            }
            else
            {
                await ReplyAsync("535 5.7.8 Authentication credentials invalid");
            }
        }

        private async Task<string> ChallengeAsync(string prompt)
        {
            await ReplyAsync($"334 {Convert.ToBase64String(Encoding.ASCII.GetBytes(prompt))}");
            return await ReadLineAsync() ?? string.Empty;
        }

        private static string? Decode(string base64)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }

    // For 127.0.0.1, where the tests point the client: its name is checked like any other.
    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Paylent test SMTP", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
        _certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

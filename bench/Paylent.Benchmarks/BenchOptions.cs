using System.Globalization;
using System.Net;

namespace Paylent.Benchmarks;

/// <summary>
/// The <c>run</c> command's settings. Secrets may come from the environment instead of the command
/// line (<c>PAYLENT_BENCH_*</c>), so they do not show in a process listing.
/// </summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        Usage:
          Paylent.Benchmarks setup [--environment demo-test] [--output FILE]
              Creates a confidential client_credentials client with opaque tokens (scope "bench"), a
              first-party confidential authorization_code + refresh_token client with JWT tokens
              (scopes "openid offline_access", redirect URI https://bench.example/callback) and 64
              users bench-N@bench.example sharing one random password in the environment, and for
              the RBAC scenarios 20 roles (3 levels of composites, 200 permissions) held by a JWT
              client_credentials client and by the user bench-rbac@bench.example (same password), in
              process, through the application's own use cases. Reads the server's configuration from
              the environment (Database__Provider, ConnectionStrings__Paylent, Paylent__DataDirectory,
              Paylent__Keys__EncryptionKey, Paylent__PasswordHashing__*). Writes nine lines, the
              opaque client's client_id and client_secret, the users' password, the code-flow
              client's client_id and client_secret, then the ES256 and the RBAC clients' client_id and
              client_secret, to FILE (or stdout).

          Paylent.Benchmarks run [options]
              --server URL              loopback address of the server       (http://127.0.0.1:8080)
              --host NAME               environment host sent as Host        (demo-test.localhost)
              --scenarios LIST          comma-separated, from: all jwt-token jwt-token-es256 jwt-token-rbac
                                        opaque-token jwt-introspection opaque-introspection jwks
                                        sign-in code-flow authorize refresh refresh-rbac (all)
              --concurrency N           concurrent requests per scenario     (32)
              --duration S              measured seconds per scenario        (10)
              --warmup S                warm-up seconds before each scenario (10)
              --signing-seconds S       raw RSA signing measurement          (3)
              --argon2-seconds S        raw Argon2id measurement             (3)
              --sign-in-concurrency N   concurrent sign-ins, at most 64      (8)
              --user-password S         or PAYLENT_BENCH_USER_PASSWORD       (sign-in scenario skipped if unset)
              --management-client-id ID JWT client                           (paylent-management)
              --management-secret S     or PAYLENT_BENCH_MANAGEMENT_SECRET
              --opaque-client-id ID     or PAYLENT_BENCH_OPAQUE_CLIENT_ID    (opaque scenarios skipped if unset)
              --opaque-client-secret S  or PAYLENT_BENCH_OPAQUE_CLIENT_SECRET
              --code-client-id ID       or PAYLENT_BENCH_CODE_CLIENT_ID      (code-flow and refresh skipped if unset)
              --code-client-secret S    or PAYLENT_BENCH_CODE_CLIENT_SECRET  (they also need --user-password)
              --es256-client-id ID      or PAYLENT_BENCH_ES256_CLIENT_ID     (jwt-token-es256 skipped if unset)
              --es256-client-secret S   or PAYLENT_BENCH_ES256_CLIENT_SECRET
              --rbac-client-id ID       or PAYLENT_BENCH_RBAC_CLIENT_ID      (jwt-token-rbac skipped if unset; a JWT
                                        client_credentials client holding 20 roles, 200 permissions)
              --rbac-client-secret S    or PAYLENT_BENCH_RBAC_CLIENT_SECRET
              --server-pid PID          the server's process id, to report its CPU use (Linux)
              --database-pid PID        PostgreSQL's postmaster, to report its and its backends' CPU use
              --analyze CONNECTION      or PAYLENT_BENCH_ANALYZE: the server's PostgreSQL, analyzed before each
                                        user flow, as pgbench does before its runs  (not analyzed if unset)
              --markdown FILE           also write the results as Markdown to FILE
              --peer-server URL         loopback address of a peer provider (node oidc-provider, bench/peer):
                                        its client_credentials JWT tokens are measured after Paylent's
                                        jwt-token scenario, with the same load        (no peer if unset)
              --peer-client-id ID       or PAYLENT_BENCH_PEER_CLIENT_ID
              --peer-client-secret S    or PAYLENT_BENCH_PEER_CLIENT_SECRET
              --peer-pid PID            the peer's process id; its CPU use and its child processes' is reported
              --peer-name TEXT          how the report names the peer        (peer)

          Paylent.Benchmarks signing [--signing-seconds S]
              Only the raw RSA-4096 RS256 signing rates of this machine: .NET's, then `openssl speed`'s.

          Paylent.Benchmarks jwt-library [--signing-seconds S]
              Per-token CPU cost of creating and of validating an RS256 and an ES256 access token the
              way Paylent does (Microsoft.IdentityModel.JsonWebTokens, cached credentials and validation
              parameters) against the bare signature and check, one thread, no HTTP, and a check that
              the library's signature providers are made once per key, not per call.

          Paylent.Benchmarks argon2 [--argon2-seconds S]
              Only the raw Argon2id rate of this machine (Paylent__PasswordHashing__* or the defaults).

        Exit codes: 0 the benchmark ran (whatever the targets say), 1 the harness failed, 2 bad arguments.
        """;

    public Uri Server { get; private set; } = new("http://127.0.0.1:8080");

    public string Host { get; private set; } = "demo-test.localhost";

    public int Concurrency { get; private set; } = 32;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);

    // Long enough for the server's tiered JIT to settle on 2 busy cores: with 2 s, the first pass
    // through each code path still spent a fifth of the server's CPU in the JIT during the measured
    // window (docs/performance.md), which is start-up cost, not per-request cost.
    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(10);

    public TimeSpan SigningDuration { get; private set; } = TimeSpan.FromSeconds(3);

    public TimeSpan Argon2Duration { get; private set; } = TimeSpan.FromSeconds(3);

    public int SignInConcurrency { get; private set; } = 8;

    public string? UserPassword { get; private set; } = Environment.GetEnvironmentVariable("PAYLENT_BENCH_USER_PASSWORD");

    public string ManagementClientId { get; private set; } = "paylent-management";

    public string? ManagementSecret { get; private set; } = Environment.GetEnvironmentVariable("PAYLENT_BENCH_MANAGEMENT_SECRET");

    public string? OpaqueClientId { get; private set; } = Environment.GetEnvironmentVariable("PAYLENT_BENCH_OPAQUE_CLIENT_ID");

    public string? OpaqueClientSecret { get; private set; } = Environment.GetEnvironmentVariable("PAYLENT_BENCH_OPAQUE_CLIENT_SECRET");

    public string? CodeClientId { get; private set; } = Environment.GetEnvironmentVariable("PAYLENT_BENCH_CODE_CLIENT_ID");

    public string? CodeClientSecret { get; private set; } = Environment.GetEnvironmentVariable("PAYLENT_BENCH_CODE_CLIENT_SECRET");

    /// <summary>A client_credentials JWT client with <c>id_token_signed_response_alg</c> ES256, for the ES256 issuance scenario.</summary>
    public string? Es256ClientId { get; private set; } = Environment.GetEnvironmentVariable("PAYLENT_BENCH_ES256_CLIENT_ID");

    public string? Es256ClientSecret { get; private set; } = Environment.GetEnvironmentVariable("PAYLENT_BENCH_ES256_CLIENT_SECRET");

    /// <summary>A client_credentials JWT client holding the benchmark's 20 roles, for the jwt-token-rbac scenario.</summary>
    public string? RbacClientId { get; private set; } = Environment.GetEnvironmentVariable("PAYLENT_BENCH_RBAC_CLIENT_ID");

    public string? RbacClientSecret { get; private set; } = Environment.GetEnvironmentVariable("PAYLENT_BENCH_RBAC_CLIENT_SECRET");

    /// <summary>The scenarios to run (<see cref="ScenarioKeys"/>); all unless <c>--scenarios</c> narrows them.</summary>
    public IReadOnlySet<string> Scenarios { get; private set; } = ScenarioKeys.All;

    public int? ServerPid { get; private set; }

    public int? DatabasePid { get; private set; }

    /// <summary>The server's PostgreSQL, to <c>ANALYZE</c> before each user flow (see <see cref="Statistics"/>).</summary>
    public string? AnalyzeConnection { get; private set; } = Environment.GetEnvironmentVariable("PAYLENT_BENCH_ANALYZE");

    public string? MarkdownFile { get; private set; }

    /// <summary>The environment's host label (<c>demo-test</c>) for the setup command.</summary>
    public string EnvironmentLabel { get; private set; } = "demo-test";

    public string? OutputFile { get; private set; }

    public Uri? PeerServer { get; private set; }

    public string? PeerClientId { get; private set; } = Environment.GetEnvironmentVariable("PAYLENT_BENCH_PEER_CLIENT_ID");

    public string? PeerClientSecret { get; private set; } = Environment.GetEnvironmentVariable("PAYLENT_BENCH_PEER_CLIENT_SECRET");

    public int? PeerPid { get; private set; }

    public string PeerName { get; private set; } = "peer";

    /// <summary>The same load settings aimed at the peer, which is addressed by its loopback IP (no host routing).</summary>
    public BenchOptions ForPeer()
    {
        var peer = PeerServer ?? throw new InvalidOperationException("No --peer-server.");
        var copy = (BenchOptions)MemberwiseClone();
        copy.Server = peer;
        copy.Host = peer.Host;
        copy.ServerPid = null; // the peer has no .NET compiler to wait for: its CPU is sampled by PeerPid
        return copy;
    }

    /// <summary>The TCP endpoint every request connects to, whatever host name it carries.</summary>
    public IPEndPoint ServerEndPoint => new(IPAddress.Parse(Server.Host.Trim('[', ']')), Server.Port);

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--server": options.Server = LoopbackUri(Value()); break;
                case "--host": options.Host = Value(); break;
                case "--scenarios": options.Scenarios = ScenarioList(Value()); break;
                case "--concurrency": options.Concurrency = Positive(name, Value(), max: 4096); break;
                case "--duration": options.Duration = Seconds(name, Value()); break;
                case "--warmup": options.Warmup = Seconds(name, Value(), allowZero: true); break;
                case "--signing-seconds": options.SigningDuration = Seconds(name, Value()); break;
                case "--argon2-seconds": options.Argon2Duration = Seconds(name, Value()); break;
                case "--sign-in-concurrency": options.SignInConcurrency = Positive(name, Value(), max: BenchUsers.Count); break;
                case "--user-password": options.UserPassword = Value(); break;
                case "--management-client-id": options.ManagementClientId = Value(); break;
                case "--management-secret": options.ManagementSecret = Value(); break;
                case "--opaque-client-id": options.OpaqueClientId = Value(); break;
                case "--opaque-client-secret": options.OpaqueClientSecret = Value(); break;
                case "--code-client-id": options.CodeClientId = Value(); break;
                case "--code-client-secret": options.CodeClientSecret = Value(); break;
                case "--es256-client-id": options.Es256ClientId = Value(); break;
                case "--es256-client-secret": options.Es256ClientSecret = Value(); break;
                case "--rbac-client-id": options.RbacClientId = Value(); break;
                case "--rbac-client-secret": options.RbacClientSecret = Value(); break;
                case "--server-pid": options.ServerPid = Positive(name, Value(), max: int.MaxValue); break;
                case "--database-pid": options.DatabasePid = Positive(name, Value(), max: int.MaxValue); break;
                case "--analyze": options.AnalyzeConnection = Value(); break;
                case "--markdown": options.MarkdownFile = Value(); break;
                case "--environment": options.EnvironmentLabel = Value(); break;
                case "--output": options.OutputFile = Value(); break;
                case "--peer-server": options.PeerServer = LoopbackUri(Value()); break;
                case "--peer-client-id": options.PeerClientId = Value(); break;
                case "--peer-client-secret": options.PeerClientSecret = Value(); break;
                case "--peer-pid": options.PeerPid = Positive(name, Value(), max: int.MaxValue); break;
                case "--peer-name": options.PeerName = Value(); break;
                default: throw new ArgumentException($"Unknown argument {name}.");
            }
        }

        return options;
    }

    public bool Runs(string scenario) => Scenarios.Contains(scenario);

    private static HashSet<string> ScenarioList(string value)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Where(n => n != "all" && !ScenarioKeys.All.Contains(n)).ToList();
        if (names.Length == 0 || unknown.Count > 0)
        {
            throw new ArgumentException(
                $"--scenarios takes a comma-separated list of: all, {string.Join(", ", ScenarioKeys.All)} (not \"{value}\").");
        }

        return names.Contains("all") ? [.. ScenarioKeys.All] : [.. names];
    }

    /// <summary>The benchmark only ever talks to this machine.</summary>
    private static Uri LoopbackUri(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || !IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"--server and --peer-server must be http://<loopback IP>:<port>, not {value}.");
        }

        return uri;
    }

    private static int Positive(string name, string value, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max
            ? n
            : throw new ArgumentException($"{name} must be an integer from 1 to {max}.");

    private static TimeSpan Seconds(string name, string value, bool allowZero = false) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && (s > 0 || (allowZero && s == 0)) && s <= 600
            ? TimeSpan.FromSeconds(s)
            : throw new ArgumentException($"{name} must be a number of seconds, {(allowZero ? "0" : "above 0")} to 600.");
}

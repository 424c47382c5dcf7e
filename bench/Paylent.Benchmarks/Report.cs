using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Paylent.Benchmarks;

/// <summary>The targets of the performance issue (docs/performance.md).</summary>
internal static class Targets
{
    public const double JwtShareOfRawSigning = 0.80;

    /// <summary>Issue 14: JWT tokens/s at least this share of what OpenSSL itself signs on the machine.</summary>
    public const double JwtShareOfOpenSsl = 0.90;

    /// <summary>Issue 14: Paylent's JWT tokens/s at least this multiple of the peer's (node oidc-provider).</summary>
    public const double JwtOverPeer = 1.2;
    public const double OpaqueTokensPerSecond = 2_000;

    /// <summary>
    /// The raw .NET RSA-4096 signing rate of the machine issue 14 set its absolute rates on (4.21 ms a
    /// signature): the opaque and introspection rows are also given at that machine's speed, scaled by the
    /// raw rate measured in the slices between their own.
    /// </summary>
    public const double IssueMachineSigningRate = 442;

    /// <summary>Issue 14 (issue 5 asked for 5,000).</summary>
    public const double JwtIntrospectionsPerSecond = 6_000;

    /// <summary>Sign-ins/s at least this share of the raw Argon2 rate: the application adds under 10 %.</summary>
    public const double SignInShareOfRawArgon2 = 0.90;

    /// <summary>ES256 issuance at least this multiple of RS256 issuance (the issue's goal: a P-256 signature costs a fraction of an RSA-4096 one).</summary>
    public const double Es256OverRs256 = 5.0;

    /// <summary>Issue 12: a subject with 20 roles and 200 permissions costs at most this much more server CPU per token than its twin without roles.</summary>
    public const double RbacOverhead = 0.05;

    /// <summary>RSA signatures per code flow and per refresh: the access token and the ID token.</summary>
    public const int SignaturesPerUserFlow = 2;

    /// <summary>Issue 14: code flows/s at least this share of half the raw signing rate.</summary>
    public const double CodeFlowShareOfCeiling = 0.80;

    /// <summary>Issue 14: refreshes/s at least this share of half the raw signing rate.</summary>
    public const double RefreshShareOfCeiling = 0.85;

    /// <summary>More failed requests than this and a scenario's rate says nothing.</summary>
    public const double MaxErrorRatio = 0.01;
}

internal static class Scenarios
{
    public const string JwtTokens = "POST /oauth/token, client_credentials, JWT";
    public const string JwtTokensEs256 = "POST /oauth/token, client_credentials, JWT ES256";
    public const string OpaqueTokens = "POST /oauth/token, client_credentials, opaque";
    public const string JwtIntrospection = "POST /oauth/introspect, JWT";
    public const string OpaqueIntrospection = "POST /oauth/introspect, opaque";
    public const string Jwks = "GET /.well-known/jwks.json";
    public const string PasswordSignIn = "POST /sign-in, email + password";
    public const string CodeFlow = "code flow: GET /oauth/authorize + POST /oauth/token, per flow, JWT + ID token";
    public const string Authorize = "GET /oauth/authorize with a session, the code flow's first half (its code not redeemed)";
    public const string Refresh = "POST /oauth/token, refresh_token with rotation, JWT + ID token";
    public const string JwtTokensRbac = "POST /oauth/token, client_credentials, JWT, 20 roles / 200 permissions";
    public const string RefreshRbac = "POST /oauth/token, refresh_token with rotation, JWT + ID token, 20 roles / 200 permissions";

    public static string Peer(string name) => $"{name}: POST /oauth/token, client_credentials, JWT";
}

/// <summary>The names <c>--scenarios</c> selects by.</summary>
internal static class ScenarioKeys
{
    public const string JwtToken = "jwt-token";
    public const string JwtTokenEs256 = "jwt-token-es256";
    public const string OpaqueToken = "opaque-token";
    public const string JwtIntrospection = "jwt-introspection";
    public const string OpaqueIntrospection = "opaque-introspection";
    public const string Jwks = "jwks";
    public const string SignIn = "sign-in";
    public const string CodeFlow = "code-flow";
    public const string Authorize = "authorize";
    public const string Refresh = "refresh";
    public const string JwtTokenRbac = "jwt-token-rbac";
    public const string RefreshRbac = "refresh-rbac";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(
        [JwtToken, JwtTokenEs256, JwtTokenRbac, OpaqueToken, JwtIntrospection, OpaqueIntrospection, Jwks, SignIn, CodeFlow, Authorize, Refresh, RefreshRbac], StringComparer.Ordinal);
}

/// <summary>A scenario with roles and its no-roles twin, measured in interleaved slices (each merged).</summary>
internal sealed record InterleavedPair(LoadResult Roles, LoadResult Twin, int Rounds);

/// <summary>
/// Paylent's client_credentials JWT row, the peer's, and the raw signing rates (.NET's, OpenSSL's), measured in
/// interleaved slices (each merged), so that their ratios are of the same minutes.
/// </summary>
/// <param name="OpenSslShares">Each round's Paylent slice against its OpenSSL slice: the spread within one run.</param>
/// <param name="PeerMultiples">Each round's Paylent slice against its peer slice.</param>
internal sealed record JwtAgainstLimits(
    LoadResult Paylent, LoadResult? Peer, SigningRate Signing, OpenSslRate? OpenSsl, int Rounds, IReadOnlyList<double> OpenSslShares, IReadOnlyList<double> PeerMultiples);

/// <summary>
/// A scenario and the raw signing rate measured beside it (each merged): in slices between its own, a
/// user flow's ceiling; just before and after its window, the machine's speed around a rate without signatures.
/// </summary>
/// <param name="PerSignature">Each round's slice rate ÷ its own signing slice's rate (or the window's ÷ each signing slice's): the spread within one run.</param>
internal sealed record AgainstSigning(LoadResult Load, SigningRate Signing, IReadOnlyList<double> PerSignature);

/// <summary>The machine and the moment, for the results' heading: figures mean nothing without them.</summary>
internal sealed record MachineInfo(DateTime Utc, int Cores, string CpuModel, string Os, string Runtime, string? LoadAverage)
{
    public static MachineInfo Describe() => new(
        DateTime.UtcNow,
        Environment.ProcessorCount,
        ReadProc("/proc/cpuinfo", lines => lines.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim())
            ?? RuntimeInformation.ProcessArchitecture.ToString(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        ReadProc("/proc/loadavg", lines => string.Join(' ', lines.First().Split(' ').Take(3))));

    private static string? ReadProc(string path, Func<IEnumerable<string>, string?> read)
    {
        try
        {
            return read(File.ReadLines(path));
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>The results as Markdown: readable on the console, pasteable into docs/performance.md.</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Cores taken by other processes above which a run's rates are not to be trusted.</summary>
    private const double NoisyCores = 0.25;

    public static string Render(
        MachineInfo machine, BenchOptions options, SigningRate signing, OpenSslRate? openSsl, Argon2Rate argon2, IReadOnlyList<LoadResult> results, JwtAgainstLimits? jwtLimits, IReadOnlyList<InterleavedPair> pairs,
        IReadOnlyList<AgainstSigning> againstSigning)
    {
        var text = new StringBuilder();
        Line(text, $"### Results {machine.Utc:yyyy-MM-dd HH:mm} UTC");
        Line(text);
        Line(text, $"- machine: {machine.Cores} cores, {machine.CpuModel}; {machine.Os}; {machine.Runtime}");
        if (machine.LoadAverage is not null)
        {
            Line(text, $"- load average just before the run: {machine.LoadAverage}");
        }

        Line(text, $"- load: {options.Concurrency} concurrent requests ({options.SignInConcurrency} for sign-in), {Seconds(options.Warmup)} s warm-up + {Seconds(options.Duration)} s measured per scenario; " +
            $"server {options.Server.GetLeftPart(UriPartial.Authority)}, Host {options.Host}");
        Line(text, "- CPU: cores kept busy during the measured window by the server, PostgreSQL, this load generator, and everything else " +
            "(other processes: anything above 0.1 means the machine was not quiet); server CPU ms/request is the server's CPU time divided by the requests answered");
        Line(text);
        Line(text, "| scenario | requests | errors | per second | p50 ms | p99 ms | server CPU ms/request | CPU cores: server / PostgreSQL / bench / other |");
        Line(text, "|---|---:|---:|---:|---:|---:|---:|---|");
        RawSigningRows(text, signing, openSsl, string.Empty);
        if (jwtLimits is not null)
        {
            RawSigningRows(text, jwtLimits.Signing, jwtLimits.OpenSsl, $", {jwtLimits.Rounds} slices between the JWT rows'");
        }

        Line(text, $"| raw Argon2id {argon2.Parameters} verification, {argon2.Threads} threads, no HTTP | {argon2.Hashes.ToString("N0", Invariant)} | – | " +
            $"{argon2.PerSecond.ToString("N1", Invariant)} | – | – | {argon2.CpuMillisecondsPerHash.ToString("F1", Invariant)} (per hash) | – |");
        foreach (var r in results)
        {
            var cpu = r.Cpu is { } c
                ? $"{Cores(c.ServerCores)} / {Cores(c.DatabaseCores)} / {Cores(c.ClientCores)} / {Cores(c.OtherCores)}"
                : "–";
            var perRequest = r.Cpu?.ServerCores is { } server && r.Succeeded > 0
                ? (server * r.Window.TotalSeconds * 1000 / r.Succeeded).ToString("F2", Invariant)
                : "–";
            Line(text, $"| {r.Name} | {r.Succeeded.ToString("N0", Invariant)} | {r.Failed.ToString("N0", Invariant)} | {Rate(r.PerSecond)} | " +
                $"{Ms(r.P50Milliseconds)} | {Ms(r.P99Milliseconds)} | {perRequest} | {cpu} |");
        }

        Line(text);
        Line(text, "| target | goal | measured | result |");
        Line(text, "|---|---|---|---|");
        // The JWT row against the raw rates of the slices between its own when they were measured so, else those measured
        // before; .NET against OpenSSL as measured at one moment.
        const string InTheSlices = " in the slices between";
        var (jwtSigning, between) = jwtLimits is null ? (signing, string.Empty) : (jwtLimits.Signing, InTheSlices);
        var (jwtOpenSsl, openSslBetween) = jwtLimits?.OpenSsl is { } slicedOpenSsl ? (slicedOpenSsl, InTheSlices) : (openSsl, string.Empty);
        var jwtGoal = jwtSigning.PerSecond * Targets.JwtShareOfRawSigning;
        var jwt = Find(results, Scenarios.JwtTokens);
        Line(text, $"| JWT tokens/s ÷ raw signing rate{between} | ≥ {Targets.JwtShareOfRawSigning.ToString("P0", Invariant)} of {Rate(jwtSigning.PerSecond)}/s = {Rate(jwtGoal)}/s | " +
            (jwt is null ? "not measured" : $"{Rate(jwt.PerSecond)}/s = {(jwt.PerSecond / jwtSigning.PerSecond).ToString("P0", Invariant)}{CpuShare(jwtSigning.CpuMillisecondsPerSignature, jwt)}") +
            $" | {Verdict(jwt, jwtGoal)} |");
        if (jwtOpenSsl is not null)
        {
            var openSslGoal = jwtOpenSsl.PerSecond * Targets.JwtShareOfOpenSsl;
            Line(text, $"| JWT tokens/s ÷ OpenSSL signing rate{openSslBetween} | ≥ {Targets.JwtShareOfOpenSsl.ToString("P0", Invariant)} of {Rate(jwtOpenSsl.PerSecond)}/s = {Rate(openSslGoal)}/s | " +
                (jwt is null ? "not measured" : $"{Rate(jwt.PerSecond)}/s = {(jwt.PerSecond / jwtOpenSsl.PerSecond).ToString("P0", Invariant)}{CpuShare(jwtOpenSsl.CpuMillisecondsPerSignature, jwt)}" +
                    $"{SliceSpread(jwtLimits?.OpenSslShares ?? [])}, p99 {Ms(jwt.P99Milliseconds)} ms") +
                $" | {Verdict(jwt, openSslGoal)} |");
            var dotNet = openSslBetween.Length > 0 ? jwtSigning : signing;
            Line(text, $"| raw .NET signing ÷ OpenSSL signing{openSslBetween} | no target | {Rate(dotNet.PerSecond)}/s ÷ {Rate(jwtOpenSsl.PerSecond)}/s = {(dotNet.PerSecond / jwtOpenSsl.PerSecond).ToString("P0", Invariant)} " +
                $"(by CPU time: {(jwtOpenSsl.CpuMillisecondsPerSignature / dotNet.CpuMillisecondsPerSignature).ToString("P0", Invariant)}) | – |");
        }

        if (jwtLimits?.Peer is { } peer)
        {
            Line(text, $"| JWT tokens/s: Paylent ÷ {options.PeerName}, {jwtLimits.Rounds} slices of each interleaved | ≥ {Targets.JwtOverPeer.ToString("0.0#", Invariant)}× | " +
                (jwt is null ? "not measured" : PeerComparison(jwt, peer, jwtSigning, jwtOpenSsl) + MultipleSpread(jwtLimits.PeerMultiples)) +
                $" | {(jwt is null ? "SKIPPED" : peer.ErrorRatio > Targets.MaxErrorRatio ? $"VOID (peer: {peer.ErrorRatio.ToString("P1", Invariant)} errors)" : Verdict(jwt, peer.PerSecond * Targets.JwtOverPeer))} |");
        }

        var signInGoal = argon2.PerSecond * Targets.SignInShareOfRawArgon2;
        var signIn = Find(results, Scenarios.PasswordSignIn);
        Line(text, $"| sign-ins/s ÷ raw Argon2 rate | ≥ {Targets.SignInShareOfRawArgon2.ToString("P0", Invariant)} of {argon2.PerSecond.ToString("N1", Invariant)}/s = {signInGoal.ToString("N1", Invariant)}/s | " +
            (signIn is null ? "not measured" : $"{signIn.PerSecond.ToString("N1", Invariant)}/s = {(signIn.PerSecond / argon2.PerSecond).ToString("P0", Invariant)}{CpuShare(argon2.CpuMillisecondsPerHash, signIn)}") +
            $" | {Verdict(signIn, signInGoal)} |");
        var es256 = Find(results, Scenarios.JwtTokensEs256);
        if (es256 is not null)
        {
            var es256Goal = (jwt?.PerSecond ?? 0) * Targets.Es256OverRs256;
            Line(text, $"| ES256 JWT tokens/s ÷ RS256 JWT tokens/s | ≥ {Targets.Es256OverRs256.ToString("F0", Invariant)}× " +
                (jwt is null ? "(RS256 not measured)" : $"{Rate(jwt.PerSecond)}/s = {Rate(es256Goal)}/s") + " | " +
                $"{Rate(es256.PerSecond)}/s" + (jwt is null ? string.Empty : $" = {(es256.PerSecond / jwt.PerSecond).ToString("F1", Invariant)}×") +
                $", p99 {Ms(es256.P99Milliseconds)} ms | {(jwt is null ? "SKIPPED" : Verdict(es256, es256Goal))} |");
        }

        AgainstSigning? Sliced(string name) => againstSigning.FirstOrDefault(a => a.Load.Name == name);
        Target(text, "opaque tokens/s", Find(results, Scenarios.OpaqueTokens), Sliced(Scenarios.OpaqueTokens), Targets.OpaqueTokensPerSecond);
        Target(text, "JWT introspections/s", Find(results, Scenarios.JwtIntrospection), Sliced(Scenarios.JwtIntrospection), Targets.JwtIntrospectionsPerSecond);
        Ceiling(text, "code flows/s", Sliced(Scenarios.CodeFlow), Targets.CodeFlowShareOfCeiling);
        Ceiling(text, "refreshes/s", Sliced(Scenarios.Refresh), Targets.RefreshShareOfCeiling);
        RbacOverhead(text, "client_credentials JWT", pairs.FirstOrDefault(p => p.Roles.Name == Scenarios.JwtTokensRbac));
        RbacOverhead(text, "refresh", pairs.FirstOrDefault(p => p.Roles.Name == Scenarios.RefreshRbac));

        var busiest = results.Select(r => r.Cpu?.OtherCores ?? 0).DefaultIfEmpty(0).Max();
        if (busiest > NoisyCores)
        {
            Line(text);
            Line(text, $"**The machine was not quiet**: other processes kept up to {busiest.ToString("F2", Invariant)} cores busy during the measured windows. " +
                "Rates, and the JWT and sign-in ratios most of all (the raw rates and the request rates were measured at different moments), are not reliable; " +
                "the CPU ms per request and the CPU-based shares are.");
        }

        var errors = results.Where(r => r.FirstError is not null).ToList();
        if (errors.Count > 0)
        {
            Line(text);
            foreach (var r in errors)
            {
                Line(text, $"- first error of \"{r.Name}\": {r.FirstError}");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// A share in CPU time instead of rates: the raw operation's CPU (a signature, a hash) ÷ Paylent's
    /// CPU per request (server and PostgreSQL; the load generator is left out, its idle spinning
    /// inflates it at low rates). Close to the rate ratio on a machine doing nothing else, and stable
    /// when it is not.
    /// </summary>
    private static string CpuShare(double rawCpuMilliseconds, LoadResult result)
    {
        if (CpuPerRequest(result) is not { } perRequest)
        {
            return string.Empty;
        }

        return $" (by CPU time: {(rawCpuMilliseconds / perRequest).ToString("P0", Invariant)})";
    }

    /// <summary>
    /// Paylent's rate as a multiple of the peer's, each with its p99 and its share of the raw signing
    /// rates; and the same multiple by CPU time (the peer's CPU per token ÷ Paylent's, server and
    /// PostgreSQL), which holds when the machine is busy.
    /// </summary>
    private static string PeerComparison(LoadResult paylent, LoadResult peer, SigningRate signing, OpenSslRate? openSsl)
    {
        var text = $"{Rate(paylent.PerSecond)}/s (p99 {Ms(paylent.P99Milliseconds)} ms) ÷ {Rate(peer.PerSecond)}/s (p99 {Ms(peer.P99Milliseconds)} ms) = " +
            $"{(paylent.PerSecond / peer.PerSecond).ToString("0.00", Invariant)}×";
        if (CpuPerRequest(paylent) is { } paylentCpu && CpuPerRequest(peer) is { } peerCpu)
        {
            text += $" (by CPU time: {(peerCpu / paylentCpu).ToString("0.00", Invariant)}×)";
        }

        text += $"; of raw .NET signing: Paylent {(paylent.PerSecond / signing.PerSecond).ToString("P0", Invariant)}, peer {(peer.PerSecond / signing.PerSecond).ToString("P0", Invariant)}";
        return openSsl is null
            ? text
            : text + $"; of OpenSSL signing: Paylent {(paylent.PerSecond / openSsl.PerSecond).ToString("P0", Invariant)}, peer {(peer.PerSecond / openSsl.PerSecond).ToString("P0", Invariant)}";
    }

    /// <summary>The server's (and PostgreSQL's) CPU ms per request; null when not measured.</summary>
    private static double? CpuPerRequest(LoadResult result) =>
        result.Cpu is { ServerCores: { } server } cpu && result.Succeeded > 0
            ? (server + (cpu.DatabaseCores ?? 0)) * result.Window.TotalSeconds * 1000 / result.Succeeded
            : null;

    /// <summary>
    /// Issue 14's yardstick: a code flow and a refresh each sign two RSA-4096 JWTs (the access token and
    /// the ID token), so the machine cannot do more of them than half its raw signing rate, measured in
    /// slices between the flow's own (<see cref="AgainstSigning"/>).
    /// </summary>
    private static void Ceiling(StringBuilder text, string name, AgainstSigning? measured, double share)
    {
        if (measured is null)
        {
            return;
        }

        var (result, signing) = (measured.Load, measured.Signing);
        var ceiling = signing.PerSecond / Targets.SignaturesPerUserFlow;
        Line(text, $"| {name} ÷ (raw signing rate in the slices between ÷ {Targets.SignaturesPerUserFlow}) | ≥ {share.ToString("P0", Invariant)} of {Rate(ceiling)}/s = {Rate(ceiling * share)}/s | " +
            $"{Rate(result.PerSecond)}/s = {(result.PerSecond / ceiling).ToString("P0", Invariant)}{CpuShare(signing.CpuMillisecondsPerSignature * Targets.SignaturesPerUserFlow, result)}{SliceSpread([.. measured.PerSignature.Select(r => r * Targets.SignaturesPerUserFlow)])}, " +
            $"p99 {Ms(result.P99Milliseconds)} ms | {Verdict(result, ceiling * share)} |");
    }

    /// <summary>The raw signing rows of the main table: .NET's loop and, when it ran, OpenSSL's.</summary>
    private static void RawSigningRows(StringBuilder text, SigningRate signing, OpenSslRate? openSsl, string when)
    {
        Line(text, $"| raw RSA-4096 RS256 signing, {signing.Threads} threads, no HTTP{when} | {signing.Signatures.ToString("N0", Invariant)} | – | {Rate(signing.PerSecond)} | – | – | " +
            $"{signing.CpuMillisecondsPerSignature.ToString("F2", Invariant)} (per signature) | – |");
        if (openSsl is not null)
        {
            Line(text, $"| raw RSA-4096 signing, {string.Join(' ', openSsl.Version.Split(' ').Take(2))} `openssl speed rsa4096`, {openSsl.Processes} processes at once (as `-multi {openSsl.Processes}`), no HTTP{when} | " +
                $"{openSsl.Signatures.ToString("N0", Invariant)} | – | {Rate(openSsl.PerSecond)} | – | – | {openSsl.CpuMillisecondsPerSignature.ToString("F2", Invariant)} (per signature) | – |");
        }
    }

    /// <summary>"; slice by slice 0.95-1.12×": each round's Paylent slice against the peer's of the same round.</summary>
    private static string MultipleSpread(IReadOnlyList<double> multiples) =>
        multiples.Count < 2 ? string.Empty : $"; slice by slice {multiples.Min().ToString("0.00", Invariant)}-{multiples.Max().ToString("0.00", Invariant)}×";

    /// <summary>"; slice by slice 68-74 %": each round's flow slice against the signing slice of the same round.</summary>
    private static string SliceSpread(IReadOnlyList<double> shares) =>
        shares.Count < 2 ? string.Empty : $"; slice by slice {shares.Min().ToString("P0", Invariant).TrimEnd('%').Trim()}-{shares.Max().ToString("P0", Invariant)}";

    /// <summary>
    /// Issue 12: a token for a subject with 20 roles and 200 permissions ÷ the same token without roles, by
    /// server (and PostgreSQL) CPU per request, which holds on a busy machine where rates do not, over
    /// slices of the two interleaved (<see cref="InterleavedPair"/>).
    /// </summary>
    private static void RbacOverhead(StringBuilder text, string name, InterleavedPair? pair)
    {
        if (pair is null)
        {
            return;
        }

        var goal = $"≤ {(1 + Targets.RbacOverhead).ToString("0.00", Invariant)}× by server CPU ms/request";
        var (rbac, twin) = (pair.Roles, pair.Twin);
        if (CpuPerRequest(rbac) is not { } rbacCpu || CpuPerRequest(twin) is not { } twinCpu)
        {
            Line(text, $"| {name} with 20 roles ÷ without | {goal} | no --server-pid | SKIPPED |");
            return;
        }

        var ratio = rbacCpu / twinCpu;
        var verdict = rbac.ErrorRatio > Targets.MaxErrorRatio || twin.ErrorRatio > Targets.MaxErrorRatio
            ? $"VOID ({Math.Max(rbac.ErrorRatio, twin.ErrorRatio).ToString("P1", Invariant)} errors)"
            : ratio <= 1 + Targets.RbacOverhead ? "PASS" : "FAIL";
        Line(text, $"| {name} with 20 roles ÷ without, {pair.Rounds} slices of each interleaved | {goal} | {rbacCpu.ToString("F2", Invariant)} ÷ {twinCpu.ToString("F2", Invariant)} ms = " +
            $"{ratio.ToString("0.000", Invariant)}× (rates {Rate(rbac.PerSecond)}/s ÷ {Rate(twin.PerSecond)}/s) | {verdict} |");
    }

    /// <summary>
    /// An absolute rate against its goal; when measured between slices of raw signing, also the rate this
    /// machine's speed in those minutes implies for the machine the goal was set on (<see cref="Targets.IssueMachineSigningRate"/>):
    /// a virtual machine's speed moves by a third within an hour, and these rows with it.
    /// </summary>
    private static void Target(StringBuilder text, string name, LoadResult? result, AgainstSigning? sliced, double goal)
    {
        var measured = result is null ? "not measured" : Rate(result.PerSecond) + "/s";
        if (result is not null && sliced is not null)
        {
            var scale = Targets.IssueMachineSigningRate / sliced.Signing.PerSecond;
            measured += $"; raw signing just before and after {Rate(sliced.Signing.PerSecond)}/s, so {Rate(result.PerSecond * scale)}/s at the issue's machine's " +
                $"{Rate(Targets.IssueMachineSigningRate)} signatures/s{RateSpread([.. sliced.PerSignature.Select(r => r * Targets.IssueMachineSigningRate)])}";
        }

        Line(text, $"| {name} | ≥ {Rate(goal)}/s | {measured} | {Verdict(result, goal)} |");
    }

    /// <summary>"(3,100-3,400/s by each signing slice)".</summary>
    private static string RateSpread(IReadOnlyList<double> rates) =>
        rates.Count < 2 ? string.Empty : $" ({Rate(rates.Min())}-{Rate(rates.Max())}/s by each signing slice)";

    private static string Verdict(LoadResult? result, double goal) => result switch
    {
        null => "SKIPPED",
        { ErrorRatio: > Targets.MaxErrorRatio } => $"FAIL ({result.ErrorRatio.ToString("P1", Invariant)} errors)",
        _ when result.PerSecond >= goal => "PASS",
        _ => "FAIL",
    };

    private static LoadResult? Find(IReadOnlyList<LoadResult> results, string name) => results.FirstOrDefault(r => r.Name == name);

    private static string Rate(double perSecond) => perSecond.ToString("N0", Invariant);

    private static string Ms(double milliseconds) => double.IsNaN(milliseconds) ? "–" : milliseconds.ToString("F1", Invariant);

    private static string Cores(double? cores) => cores is { } c ? c.ToString("F2", Invariant) : "?";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.##", Invariant);

    private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');
}

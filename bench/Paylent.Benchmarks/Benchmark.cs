using System.Globalization;
using System.Security.Cryptography;

namespace Paylent.Benchmarks;

/// <summary>
/// The <c>run</c> command: checks that every request works once, measures raw signing while the
/// server idles, then loads each endpoint in turn and prints the table and the targets.
/// </summary>
internal static class Benchmark
{
    public static async Task RunAsync(BenchOptions options)
    {
        var machine = MachineInfo.Describe();
        if (options.ManagementSecret is null)
        {
            throw new BenchmarkException("The management client's secret is needed: --management-secret or PAYLENT_BENCH_MANAGEMENT_SECRET.");
        }

        using var client = new HostClient(options);
        var management = HostClient.Basic(options.ManagementClientId, options.ManagementSecret);
        var opaque = options is { OpaqueClientId: { } id, OpaqueClientSecret: { } secret } ? HostClient.Basic(id, secret) : null;
        var es256 = options is { Es256ClientId: { } esId, Es256ClientSecret: { } esSecret } ? HostClient.Basic(esId, esSecret) : null;
        var rbac = options is { RbacClientId: { } rbacId, RbacClientSecret: { } rbacSecret } ? HostClient.Basic(rbacId, rbacSecret) : null;

        Say($"Checking {options.Host} on {options.Server.GetLeftPart(UriPartial.Authority)} ...");
        string jwt;
        string? opaqueToken = null;
        using (var preflight = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await client.CheckAsync(client.Get("readyz"), "GET /readyz", preflight.Token);
            jwt = await client.FetchTokenAsync(management, preflight.Token);
            if (jwt.Count(c => c == '.') != 2)
            {
                throw new BenchmarkException($"{options.ManagementClientId} did not get a JWT.");
            }

            await client.CheckAsync(client.IntrospectionRequest(management, jwt), "Introspecting a JWT", preflight.Token);
            if (opaque is not null)
            {
                opaqueToken = await client.FetchTokenAsync(opaque, preflight.Token);
                if (opaqueToken.Contains('.', StringComparison.Ordinal))
                {
                    throw new BenchmarkException($"{options.OpaqueClientId} got a JWT, not an opaque token.");
                }

                await client.CheckAsync(client.IntrospectionRequest(opaque, opaqueToken), "Introspecting an opaque token", preflight.Token);
            }
            else
            {
                Say($"No opaque-token client given (--opaque-client-id/--opaque-client-secret): the opaque scenarios are skipped.");
            }

            if (es256 is not null && JwsAlgorithm(await client.FetchTokenAsync(es256, preflight.Token)) is var alg and not "ES256")
            {
                throw new BenchmarkException($"{options.Es256ClientId} got a token signed with {alg ?? "no JWS"}, not ES256.");
            }

            if (rbac is not null && Claimed(await client.FetchTokenAsync(rbac, preflight.Token)) is not (BenchRoles.Count, BenchRoles.Permissions) and var (roles, permissions))
            {
                throw new BenchmarkException($"{options.RbacClientId}'s token carries {roles} roles and {permissions} permissions, not {BenchRoles.Count} and {BenchRoles.Permissions}.");
            }
            else if (rbac is null && options.Runs(ScenarioKeys.JwtTokenRbac))
            {
                Say($"No RBAC client given (--rbac-client-id/--rbac-client-secret): the jwt-token-rbac scenario is skipped.");
            }
        }

        Say($"Raw RSA-4096 RS256 signing on {Environment.ProcessorCount} threads for {options.SigningDuration.TotalSeconds} s ...");
        var signing = SigningBaseline.Measure(options.SigningDuration);
        Say($"  {signing.PerSecond:N0} signatures/s, {signing.CpuMillisecondsPerSignature:F2} CPU ms each");
        var openSsl = MeasureOpenSsl(options);

        Say($"Raw Argon2id verification on {Environment.ProcessorCount} threads for {options.Argon2Duration.TotalSeconds} s ...");
        var argon2 = Argon2Baseline.Measure(options.Argon2Duration);
        Say($"  {argon2.Parameters}: {argon2.PerSecond:N1} hashes/s, {argon2.CpuMillisecondsPerHash:F1} CPU ms each");

        var cpu = new CpuSampler(options.ServerPid, options.DatabasePid);
        var results = new List<LoadResult>();
        JwtAgainstLimits? jwtLimits = null;
        if (options.Runs(ScenarioKeys.JwtToken))
        {
            jwtLimits = await JwtAgainstLimitsAsync(options, cpu, client.TokenRequest(management), withOpenSsl: openSsl is not null);
            results.Add(jwtLimits.Paylent);
            if (jwtLimits.Peer is { } peer)
            {
                results.Add(peer);
            }
        }

        // In slices alternating with its no-roles twin's: the report compares their server CPU per token.
        var pairs = new List<InterleavedPair>();
        if (rbac is not null && options.Runs(ScenarioKeys.JwtTokenRbac))
        {
            var pair = await InterleavedAsync(options, cpu, (Scenarios.JwtTokensRbac, client.TokenRequest(rbac)), (Scenarios.JwtTokens, client.TokenRequest(management)));
            results.Add(pair.Roles);
            pairs.Add(pair);
        }

        if (es256 is not null && options.Runs(ScenarioKeys.JwtTokenEs256))
        {
            results.Add(await LoadAsync(options, cpu, Scenarios.JwtTokensEs256, client.TokenRequest(es256)));
        }

        // The absolute rates, with the machine's speed around them (Report: at the issue's machine's speed).
        var againstSigning = new List<AgainstSigning>();
        if (opaque is not null && opaqueToken is not null && options.Runs(ScenarioKeys.OpaqueToken))
        {
            await Keep(BetweenSigningAsync(options, cpu, Scenarios.OpaqueTokens, client.TokenRequest(opaque)), results, againstSigning);
        }

        if (options.Runs(ScenarioKeys.JwtIntrospection))
        {
            await Keep(BetweenSigningAsync(options, cpu, Scenarios.JwtIntrospection, client.IntrospectionRequest(management, jwt)), results, againstSigning);
        }

        if (opaque is not null && opaqueToken is not null && options.Runs(ScenarioKeys.OpaqueIntrospection))
        {
            results.Add(await LoadAsync(options, cpu, Scenarios.OpaqueIntrospection, client.IntrospectionRequest(opaque, opaqueToken)));
        }

        if (options.Runs(ScenarioKeys.Jwks))
        {
            results.Add(await LoadAsync(options, cpu, Scenarios.Jwks, client.Get(".well-known/jwks.json")));
        }

        if (options.Runs(ScenarioKeys.SignIn) && await SignInRequestAsync(client, options) is { } signIn)
        {
            results.Add(await LoadAsync(options, cpu, Scenarios.PasswordSignIn, signIn, options.SignInConcurrency));
        }

        if ((options.Runs(ScenarioKeys.CodeFlow) || options.Runs(ScenarioKeys.Authorize) || options.Runs(ScenarioKeys.Refresh) || options.Runs(ScenarioKeys.RefreshRbac))
            && await UserFlowsAsync(client, options) is var (codeClient, sessions))
        {
            if (options.Runs(ScenarioKeys.CodeFlow))
            {
                await Statistics.AnalyzeAsync(options);
                await UserFlowAsync(options, cpu, Scenarios.CodeFlow, client.CodeFlowRequest(codeClient, sessions), results, againstSigning);
            }

            // No signature, no ceiling: a plain row, to tell the two halves of a code flow apart.
            if (options.Runs(ScenarioKeys.Authorize))
            {
                await Statistics.AnalyzeAsync(options);
                results.Add(await LoadAsync(options, cpu, Scenarios.Authorize, client.AuthorizeRequest(codeClient, sessions)));
            }

            // Also the twin of refresh-rbac.
            var refresh = options.Runs(ScenarioKeys.Refresh) || options.Runs(ScenarioKeys.RefreshRbac)
                ? client.RefreshRequest(codeClient, await RefreshChainsAsync(client, codeClient, sessions))
                : null;
            if (refresh is not null && options.Runs(ScenarioKeys.Refresh))
            {
                await Statistics.AnalyzeAsync(options);
                await UserFlowAsync(options, cpu, Scenarios.Refresh, refresh, results, againstSigning);
            }

            // The same refreshes for the user holding the 20 roles: one session (one token family) per worker.
            if (options.Runs(ScenarioKeys.RefreshRbac))
            {
                Say($"Signing in {options.Concurrency} sessions of {BenchUsers.RbacEmail} for the refresh-rbac scenario ...");
                var rbacSessions = new List<string>();
                using (var preflight = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
                {
                    for (var i = 0; i < options.Concurrency; i++)
                    {
                        rbacSessions.Add(await client.SignInSessionAsync(BenchUsers.RbacEmail, options.UserPassword!, preflight.Token));
                    }
                }

                var rbacChains = await RefreshChainsAsync(client, codeClient, rbacSessions);
                await Statistics.AnalyzeAsync(options);
                var pair = await InterleavedAsync(options, cpu, (Scenarios.RefreshRbac, client.RefreshRequest(codeClient, rbacChains)), (Scenarios.Refresh, refresh!));
                results.Add(pair.Roles);
                pairs.Add(pair);
            }
        }

        var report = Report.Render(machine, options, signing, openSsl, argon2, results, jwtLimits, pairs, againstSigning);
        Console.WriteLine();
        Console.Write(report);
        if (options.MarkdownFile is not null)
        {
            await File.WriteAllTextAsync(options.MarkdownFile, report);
        }
    }

    private static OpenSslRate? MeasureOpenSsl(BenchOptions options)
    {
        Say($"Raw RSA-4096 signing by OpenSSL (openssl speed rsa4096, {Environment.ProcessorCount} processes at once), {Math.Ceiling(options.SigningDuration.TotalSeconds)} s signing + as long verifying ...");
        var rate = OpenSslBaseline.Measure(options.SigningDuration);
        if (rate is not null)
        {
            Say($"  {rate.PerSecond:N0} signatures/s, {rate.CpuMillisecondsPerSignature:F2} CPU ms each ({rate.Version})");
        }

        return rate;
    }

    /// <summary>
    /// The peer's client for client_credentials JWT tokens, after checking once that it answers an RS256
    /// JWT and publishes a 4096-bit RSA key: otherwise the comparison is void.
    /// </summary>
    private static async Task<HostClient> PeerClientAsync(BenchOptions options, string basic)
    {
        var peer = new HostClient(options.ForPeer());
        try
        {
            Say($"Checking {options.PeerName} on {options.PeerServer!.GetLeftPart(UriPartial.Authority)} ...");
            using var preflight = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await peer.CheckRs256JwtAsync(await peer.FetchTokenAsync(basic, preflight.Token), 4096, preflight.Token);
            return peer;
        }
        catch
        {
            peer.Dispose();
            throw;
        }
    }

    /// <summary>Round by round, one rate ÷ the other; a round where the other measured nothing has no ratio.</summary>
    private static List<double> Ratios(IEnumerable<double> rates, IEnumerable<double> others) =>
        [.. rates.Zip(others, (rate, other) => other > 0 ? rate / other : double.NaN).Where(double.IsFinite)];

    /// <summary>
    /// Paylent's client_credentials JWT tokens, the peer's under the same load (never at the same time:
    /// each has the machine to itself), and the raw signing rates, .NET's and OpenSSL's, in slices
    /// interleaved round by round in the order Paylent, peer, OpenSSL, .NET, then the reverse, so that a
    /// steady drift of the machine hits all four about alike (an OpenSSL step verifies after it signs, so
    /// its measured half sits a few seconds early in its step). Measured minutes apart, the ratios moved with the
    /// machine: 77 % of OpenSSL and 0.91× the peer in one run, 93 % and 1.14× eight minutes later, same
    /// build (docs/performance.md, session 21).
    /// </summary>
    private static async Task<JwtAgainstLimits> JwtAgainstLimitsAsync(
        BenchOptions options, CpuSampler cpu, Func<CancellationToken, Task<string?>> send, bool withOpenSsl)
    {
        HostClient? peer = null;
        Func<CancellationToken, Task<string?>>? peerSend = null;
        if (options.PeerServer is not null)
        {
            if (options is not { PeerClientId: { } id, PeerClientSecret: { } secret })
            {
                throw new BenchmarkException("--peer-server needs --peer-client-id and --peer-client-secret (or PAYLENT_BENCH_PEER_CLIENT_ID/SECRET).");
            }

            var basic = HostClient.Basic(id, secret);
            peer = await PeerClientAsync(options, basic);
            peerSend = peer.TokenRequest(basic);
        }

        using (peer)
        {
            var slice = SliceOf(options);
            var peerName = Scenarios.Peer(options.PeerName);
            var peerOptions = peer is null ? null : options.ForPeer();
            var peerCpu = new CpuSampler(options.PeerPid, null, serverChildren: true);
            var others = string.Join(", ", new[] { peer is null ? null : options.PeerName, withOpenSsl ? "OpenSSL signing" : null, "raw .NET signing" }.OfType<string>());
            Say($"{Scenarios.JwtTokens}: {options.Concurrency} concurrent, {InterleavedRounds} slices of {slice.TotalSeconds:0.#} s alternating with as many of {others} ...");
            using var key = RSA.Create(4096);
            var paylentSlices = new List<LoadResult>();
            var peerSlices = new List<LoadResult>();
            var openSslSlices = new List<OpenSslRate>();
            var signingSlices = new List<SigningRate>();
            var steps = new List<Func<Task>>
            {
                async () => paylentSlices.Add(await SliceAsync(options, cpu, Scenarios.JwtTokens, send, slice, first: paylentSlices.Count == 0)),
            };
            if (peerOptions is not null && peerSend is not null)
            {
                steps.Add(async () => peerSlices.Add(await SliceAsync(peerOptions, peerCpu, peerName, peerSend, slice, first: peerSlices.Count == 0)));
            }

            if (withOpenSsl)
            {
                steps.Add(() =>
                {
                    if (OpenSslBaseline.Measure(slice) is { } rate)
                    {
                        openSslSlices.Add(rate);
                    }

                    return Task.CompletedTask;
                });
            }

            steps.Add(() =>
            {
                signingSlices.Add(SigningBaseline.Measure(key, slice));
                return Task.CompletedTask;
            });

            for (var round = 0; round < InterleavedRounds; round++)
            {
                foreach (var step in round % 2 == 0 ? steps : Enumerable.Reverse(steps))
                {
                    await step();
                }
            }

            // OpenSSL only when every round measured it: fewer slices would no longer stand balanced against the drift.
            var allOpenSsl = openSslSlices.Count == InterleavedRounds;
            var measured = new JwtAgainstLimits(
                LoadResult.Merge(paylentSlices),
                peerSlices.Count == 0 ? null : LoadResult.Merge(peerSlices),
                SigningRate.Merge(signingSlices),
                allOpenSsl ? OpenSslRate.Merge(openSslSlices) : null,
                InterleavedRounds,
                allOpenSsl ? Ratios(paylentSlices.Select(p => p.PerSecond), openSslSlices.Select(o => o.PerSecond)) : [],
                Ratios(paylentSlices.Select(p => p.PerSecond), peerSlices.Select(q => q.PerSecond)));
            var paylent = measured.Paylent;
            var between = string.Join(", ", new[]
            {
                measured.Peer is { } peerResult ? string.Create(CultureInfo.InvariantCulture, $"{options.PeerName} {peerResult.PerSecond:N0}/s") : null,
                measured.OpenSsl is { } openSslRate ? string.Create(CultureInfo.InvariantCulture, $"OpenSSL {openSslRate.PerSecond:N0}/s") : null,
                string.Create(CultureInfo.InvariantCulture, $".NET {measured.Signing.PerSecond:N0}/s"),
            }.OfType<string>());
            Say($"  {paylent.PerSecond:N0}/s, p50 {paylent.P50Milliseconds:F1} ms, p99 {paylent.P99Milliseconds:F1} ms, {paylent.Failed:N0} errors; in the slices between: {between}");
            SayIfRateLimited(paylent);
            return measured.Paylent.Succeeded > 0 && measured.Peer is not { Succeeded: 0 }
                ? measured
                : throw new BenchmarkException($"{Scenarios.JwtTokens}: no request succeeded; first error: {measured.Paylent.FirstError ?? measured.Peer?.FirstError ?? "none"}");
        }
    }

    /// <summary>The sign-in load, checked once; null (and said why) when it cannot run.</summary>
    private static async Task<Func<CancellationToken, Task<string?>>?> SignInRequestAsync(HostClient client, BenchOptions options)
    {
        if (options.UserPassword is not { } password)
        {
            Say($"No sign-in users' password given (--user-password or PAYLENT_BENCH_USER_PASSWORD): the sign-in scenario is skipped.");
            return null;
        }

        using var preflight = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var forms = new List<SignInForm>();
        for (var i = 0; i < options.SignInConcurrency; i++)
        {
            if (await client.FetchSignInFormAsync(BenchUsers.Email(i), preflight.Token) is not { } form)
            {
                Say($"The server has no hosted sign-in page (GET /sign-in is 404): the sign-in scenario is skipped.");
                return null;
            }

            forms.Add(form);
        }

        var signIn = client.SignInRequest(forms, password);
        await client.CheckAsync(signIn, "Signing in", preflight.Token);
        return signIn;
    }

    /// <summary>
    /// The code-flow client and one hosted session per worker (workers take users round-robin, so a
    /// session never serves two flows at once), checked with one code flow; null (and said why) when
    /// they cannot run.
    /// </summary>
    private static async Task<(CodeFlowClient Client, IReadOnlyList<string> Sessions)?> UserFlowsAsync(HostClient client, BenchOptions options)
    {
        if (options is not { CodeClientId: { } id, CodeClientSecret: { } secret })
        {
            Say($"No code-flow client given (--code-client-id/--code-client-secret): the code-flow and refresh scenarios are skipped.");
            return null;
        }

        if (options.UserPassword is not { } password)
        {
            Say($"No sign-in users' password given (--user-password or PAYLENT_BENCH_USER_PASSWORD): the code-flow and refresh scenarios are skipped.");
            return null;
        }

        var codeClient = new CodeFlowClient(id, secret);
        Say($"Signing in {options.Concurrency} sessions for the code-flow and refresh scenarios ...");
        using var preflight = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var sessions = new List<string>();
        for (var i = 0; i < options.Concurrency; i++)
        {
            sessions.Add(await client.SignInSessionAsync(BenchUsers.Email(i % BenchUsers.Count), password, preflight.Token));
        }

        await client.CheckAsync(client.CodeFlowRequest(codeClient, sessions.Take(1).ToList()), "The code flow", preflight.Token);
        return (codeClient, sessions);
    }

    /// <summary>One refresh-token family per session, each started with a code flow.</summary>
    private static async Task<List<RefreshChain>> RefreshChainsAsync(HostClient client, CodeFlowClient codeClient, IReadOnlyList<string> sessions)
    {
        using var preflight = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var chains = new List<RefreshChain>();
        foreach (var session in sessions)
        {
            chains.Add(await client.StartRefreshChainAsync(codeClient, session, preflight.Token));
        }

        return chains;
    }

    /// <summary>Slices of each in an interleaved pair; an even number, so the ABBA order ends balanced.</summary>
    private const int InterleavedRounds = 4;

    private const double MinimumSliceSeconds = 3;

    /// <summary>Before every slice but each scenario's first: long enough for the connections to reach a steady state again.</summary>
    private static readonly TimeSpan SliceWarmup = TimeSpan.FromSeconds(2);

    private static async Task<LoadResult> LoadAsync(
        BenchOptions options, CpuSampler cpu, string name, Func<CancellationToken, Task<string?>> send, int? concurrency = null)
    {
        var workers = concurrency ?? options.Concurrency;
        Say($"{name}: {workers} concurrent, {options.Warmup.TotalSeconds} s warm-up + {options.Duration.TotalSeconds} s ...");
        var result = await LoadGenerator.RunAsync(name, workers, options.Warmup, options.Duration, cpu, () => ServerJitTicks(options), send);
        Say($"  {result.PerSecond:N0}/s, p50 {result.P50Milliseconds:F1} ms, p99 {result.P99Milliseconds:F1} ms, {result.Failed:N0} errors (warm-up {result.Warmup.TotalSeconds:F0} s)");
        SayIfRateLimited(result);
        return result.Succeeded > 0
            ? result
            : throw new BenchmarkException($"{name}: no request succeeded; first error: {result.FirstError ?? "none"}");
    }

    private static void SayIfRateLimited(LoadResult result)
    {
        if (result.FirstError is { } error && error.StartsWith("429", StringComparison.Ordinal))
        {
            Say($"  (429: raise Paylent:RateLimits:OAuthPerIpPerSecond, OAuthPerClientPerSecond and AuthorizationPerIpPerMinute on the server)");
        }
    }

    /// <summary>
    /// A scenario with roles and its twin without, in slices that alternate roles, twin, twin, roles,
    /// roles, twin ... (each slice a closed-loop load after a warm-up of its own, the first of each the
    /// full one). Measured minutes apart, the two would differ by the machine's drift more than by what
    /// roles add: a request's server CPU is mostly its RSA signature, and the cost of one signature
    /// moves by 10 % and more over minutes on a virtual machine (steal time, frequency). The ABBA order
    /// makes a steady drift hit both alike.
    /// </summary>
    private static async Task<InterleavedPair> InterleavedAsync(
        BenchOptions options, CpuSampler cpu, (string Name, Func<CancellationToken, Task<string?>> Send) roles, (string Name, Func<CancellationToken, Task<string?>> Send) twin)
    {
        var slice = SliceOf(options);
        Say($"{roles.Name}: {options.Concurrency} concurrent, {InterleavedRounds} slices of {slice.TotalSeconds:0.#} s alternating with as many of {twin.Name} ...");
        var rolesSlices = new List<LoadResult>();
        var twinSlices = new List<LoadResult>();
        await AbbaAsync(
            async () => rolesSlices.Add(await SliceAsync(options, cpu, roles.Name, roles.Send, slice, first: rolesSlices.Count == 0)),
            async () => twinSlices.Add(await SliceAsync(options, cpu, twin.Name, twin.Send, slice, first: twinSlices.Count == 0)));

        var pair = new InterleavedPair(LoadResult.Merge(rolesSlices), LoadResult.Merge(twinSlices), InterleavedRounds);
        Say($"  {pair.Roles.PerSecond:N0}/s, p50 {pair.Roles.P50Milliseconds:F1} ms, p99 {pair.Roles.P99Milliseconds:F1} ms, {pair.Roles.Failed:N0} errors; its twin in the same slices {pair.Twin.PerSecond:N0}/s");
        return pair.Roles.Succeeded > 0 && pair.Twin.Succeeded > 0
            ? pair
            : throw new BenchmarkException($"{roles.Name}: no request succeeded; first error: {pair.Roles.FirstError ?? pair.Twin.FirstError ?? "none"}");
    }

    private static TimeSpan SliceOf(BenchOptions options) =>
        TimeSpan.FromSeconds(Math.Max(MinimumSliceSeconds, options.Duration.TotalSeconds / InterleavedRounds));

    /// <summary>One slice of a closed-loop load: the first of a scenario after the full warm-up, the others after <see cref="SliceWarmup"/>.</summary>
    private static Task<LoadResult> SliceAsync(
        BenchOptions options, CpuSampler cpu, string name, Func<CancellationToken, Task<string?>> send, TimeSpan slice, bool first) =>
        LoadGenerator.RunAsync(name, options.Concurrency, first ? options.Warmup : SliceWarmup, slice, cpu, () => ServerJitTicks(options), send);

    /// <summary><see cref="InterleavedRounds"/> rounds of two measurements in the order a, b, b, a, a, b ...: a steady drift of the machine hits both alike.</summary>
    private static async Task AbbaAsync(Func<Task> a, Func<Task> b)
    {
        for (var round = 0; round < InterleavedRounds; round++)
        {
            var (first, second) = round % 2 == 0 ? (a, b) : (b, a);
            await first();
            await second();
        }
    }

    private static long? ServerJitTicks(BenchOptions options) => options.ServerPid is { } pid ? ServerJit.CpuTicks(pid) : null;

    /// <summary>A user flow against its ceiling (RS256), or alone, named with its algorithm (<see cref="UserFlowSigning"/>).</summary>
    private static async Task UserFlowAsync(
        BenchOptions options, CpuSampler cpu, string name, Func<CancellationToken, Task<string?>> send, List<LoadResult> results, List<AgainstSigning> ceilings)
    {
        if (!UserFlowSigning.IsRsa)
        {
            results.Add(await LoadAsync(options, cpu, UserFlowSigning.Name(name), send));
            return;
        }

        await Keep(AgainstSigningAsync(options, cpu, name, send), results, ceilings);
    }

    /// <summary>A scenario measured against raw signing, kept in both lists.</summary>
    private static async Task Keep(Task<AgainstSigning> measuring, List<LoadResult> results, List<AgainstSigning> againstSigning)
    {
        var measured = await measuring;
        results.Add(measured.Load);
        againstSigning.Add(measured);
    }

    /// <summary>
    /// A scenario's window as <see cref="LoadAsync"/> measures it, between a slice of raw signing just before
    /// its warm-up and one just after: the machine's speed around a rate with no signature in it, the
    /// rate itself measured as ever. Its <see cref="AgainstSigning.PerSignature"/> is the rate against each.
    /// </summary>
    private static async Task<AgainstSigning> BetweenSigningAsync(
        BenchOptions options, CpuSampler cpu, string name, Func<CancellationToken, Task<string?>> send)
    {
        var slice = SliceOf(options);
        using var key = RSA.Create(4096);
        var before = SigningBaseline.Measure(key, slice);
        var load = await LoadAsync(options, cpu, name, send);
        var after = SigningBaseline.Measure(key, slice);
        Say($"  raw signing {slice.TotalSeconds:0.#} s just before and after: {before.PerSecond:N0}/s and {after.PerSecond:N0}/s");
        return new AgainstSigning(load, SigningRate.Merge([before, after]), [load.PerSecond / before.PerSecond, load.PerSecond / after.PerSecond]);
    }

    /// <summary>
    /// A scenario in slices alternating with slices of raw signing (scenario, signing, signing, scenario ...),
    /// so a user flow's ceiling (half the raw rate: two signatures a flow), or the machine's speed for a
    /// rate with no signature in it, is measured in the same minutes as the scenario itself. Measured
    /// once, minutes before, the raw rate moved by 15 % between two runs of the same build on this
    /// virtual machine (5.44 and 4.73 ms a signature) while the flows did not, and the ratio with it
    /// (docs/performance.md). Each round's slice is also set against its own signing slice, so the
    /// report shows how far the ratio moves within the run.
    /// </summary>
    private static async Task<AgainstSigning> AgainstSigningAsync(
        BenchOptions options, CpuSampler cpu, string name, Func<CancellationToken, Task<string?>> send)
    {
        var slice = SliceOf(options);
        Say($"{name}: {options.Concurrency} concurrent, {InterleavedRounds} slices of {slice.TotalSeconds:0.#} s alternating with as many of raw signing ...");
        using var key = RSA.Create(4096);
        var flows = new List<LoadResult>();
        var signing = new List<SigningRate>();
        await AbbaAsync(
            async () => flows.Add(await SliceAsync(options, cpu, name, send, slice, first: flows.Count == 0)),
            () =>
            {
                signing.Add(SigningBaseline.Measure(key, slice));
                return Task.CompletedTask;
            });

        var measured = new AgainstSigning(
            LoadResult.Merge(flows), SigningRate.Merge(signing),
            [.. flows.Zip(signing, (flow, rate) => rate.PerSecond > 0 ? flow.PerSecond / rate.PerSecond : 0)]);
        Say($"  {measured.Load.PerSecond:N0}/s, p50 {measured.Load.P50Milliseconds:F1} ms, p99 {measured.Load.P99Milliseconds:F1} ms, {measured.Load.Failed:N0} errors; raw signing in the slices between {measured.Signing.PerSecond:N0}/s");
        return measured.Load.Succeeded > 0
            ? measured
            : throw new BenchmarkException($"{name}: no request succeeded; first error: {measured.Load.FirstError ?? "none"}");
    }

    /// <summary>The <c>alg</c> of a JWS's protected header; null for anything that is not a JWS.</summary>
    private static string? JwsAlgorithm(string token)
    {
        var header = token.Split('.')[0];
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(header));
            return json.RootElement.TryGetProperty("alg", out var alg) ? alg.GetString() : null;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>How many <c>roles</c> and <c>permissions</c> a JWT's payload carries (0 for an absent claim).</summary>
    private static (int Roles, int Permissions) Claimed(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            throw new BenchmarkException("The RBAC client did not get a JWT.");
        }

        using var json = System.Text.Json.JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        int Count(string name) => json.RootElement.TryGetProperty(name, out var claim) ? claim.GetArrayLength() : 0;
        return (Count("roles"), Count("permissions"));
    }

    private static void Say(FormattableString message) => Console.WriteLine(message.ToString(CultureInfo.InvariantCulture));
}

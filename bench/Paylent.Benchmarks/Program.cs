using System.Globalization;
using Paylent.Benchmarks;

// Paylent's OAuth hot-path benchmark; `bench/run.sh` starts everything it needs and runs it.
var command = args.Length > 0 ? args[0] : "help";
BenchOptions options;
try
{
    options = BenchOptions.Parse(args.Skip(1).ToList());
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}\n\n{BenchOptions.Usage}");
    return 2;
}

try
{
    switch (command)
    {
        case "setup":
            var fixtures = await BenchSetup.CreateAsync(options.EnvironmentLabel, CancellationToken.None);
            var lines = $"{fixtures.ClientId}\n{fixtures.ClientSecret}\n{fixtures.UserPassword}\n{fixtures.CodeClientId}\n{fixtures.CodeClientSecret}\n" +
                $"{fixtures.Es256ClientId}\n{fixtures.Es256ClientSecret}\n{fixtures.RbacClientId}\n{fixtures.RbacClientSecret}\n";
            if (options.OutputFile is null)
            {
                Console.Write(lines);
            }
            else
            {
                await File.WriteAllTextAsync(options.OutputFile, lines);
                await Console.Out.WriteLineAsync($"Created opaque-token client {fixtures.ClientId}, code-flow client {fixtures.CodeClientId}, " +
                    $"ES256 client {fixtures.Es256ClientId}, RBAC client {fixtures.RbacClientId} and user {BenchUsers.RbacEmail} ({BenchRoles.Count} roles, {BenchRoles.Permissions} permissions) " +
                    $"and {BenchUsers.Count} sign-in users in {options.EnvironmentLabel}.");
            }

            return 0;
        case "run":
            await Benchmark.RunAsync(options);
            return 0;
        case "signing":
            var rate = SigningBaseline.Measure(options.SigningDuration);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"RSA-4096 RS256 signing, .NET: {rate.PerSecond:N0}/s on {rate.Threads} threads ({rate.Signatures:N0} signatures), {rate.CpuMillisecondsPerSignature:F2} CPU ms each"));
            if (OpenSslBaseline.Measure(options.SigningDuration) is { } openSsl)
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"RSA-4096 signing, {openSsl.Version}: {openSsl.PerSecond:N0}/s on {openSsl.Processes} processes ({openSsl.Signatures:N0} signatures), {openSsl.CpuMillisecondsPerSignature:F2} CPU ms each"));
            }

            return 0;
        case "jwt-library":
            var jwtReport = JwtLibraryBenchmark.Run(options.SigningDuration);
            await Console.Out.WriteAsync(jwtReport);
            if (options.MarkdownFile is not null)
            {
                await File.WriteAllTextAsync(options.MarkdownFile, jwtReport);
            }

            return 0;
        case "argon2":
            var argon2 = Argon2Baseline.Measure(options.Argon2Duration);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Argon2id {argon2.Parameters}: {argon2.PerSecond:N1}/s on {argon2.Threads} threads, {argon2.CpuMillisecondsPerHash:F1} CPU ms each"));
            return 0;
        default:
            await Console.Out.WriteLineAsync(BenchOptions.Usage);
            return command is "help" or "--help" or "-h" ? 0 : 2;
    }
}
catch (BenchmarkException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 1;
}

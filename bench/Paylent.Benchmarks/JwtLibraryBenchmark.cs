using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.OAuth;

namespace Paylent.Benchmarks;

/// <summary>
/// The <c>jwt-library</c> command (issue 14, item 4): what creating and validating an RFC 9068 access
/// token costs with Paylent's direct JWS (<see cref="Jws"/>) and with
/// <c>Microsoft.IdentityModel.JsonWebTokens</c> set up as it should be: one <see cref="RsaSecurityKey"/>
/// per key and one cached <see cref="SigningCredentials"/>, one handler, the
/// <see cref="CryptoProviderFactory"/>'s signature-provider cache on (its default). Both sign and verify
/// with the same RSA-4096 key objects, the same claims and the same checks (signature, <c>typ</c>,
/// <c>kid</c>, <c>exp</c>; issuer and audience are not checked by either: Paylent's keys are per
/// environment). One thread, rounds of each alternating so drift in the machine's load hits both alike;
/// the figure is CPU time per token (the process's, GC included), not wall time.
/// </summary>
internal static class JwtLibraryBenchmark
{
    private const string Kid = "bench-key";
    private const string Issuer = "http://demo-test.localhost:8080";
    private const string ClientId = "paylent-management";
    private static readonly string[] AcceptedTypes = ["at+jwt", "application/at+jwt"];

    /// <summary>
    /// A whole request's server CPU in the figures of record (docs/performance.md, 2026-11-22 10:05):
    /// a client_credentials JWT 6.69 ms, a JWT introspection 0.30 ms. The throughput a library costs is
    /// its extra CPU against these, since every other part of the request stays the same.
    /// </summary>
    public const double RecordTokenCpuMilliseconds = 6.69;

    public const double RecordIntrospectionCpuMilliseconds = 0.30;

    /// <summary>The decision rule of issue 14: the library is adopted only if it costs at most this much throughput.</summary>
    public const double MaxIssuanceLoss = 0.03;

    public const double MaxIntrospectionLoss = 0.05;

    public static string Run(TimeSpan duration)
    {
        using var privateKey = RSA.Create(4096);
        using var publicKey = RSA.Create();
        publicKey.ImportSubjectPublicKeyInfo(privateKey.ExportSubjectPublicKeyInfo(), out _);
        var publicKeys = new Dictionary<string, PublishedKey>(StringComparer.Ordinal) { [Kid] = new(SigningAlgorithms.Rs256, publicKey) };
        var signer = new KeySigner(Kid, SigningAlgorithms.Rs256, privateKey);

        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var credentials = new SigningCredentials(new RsaSecurityKey(privateKey) { KeyId = Kid }, SecurityAlgorithms.RsaSha256);
        var validation = new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(publicKey) { KeyId = Kid },
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidTypes = AcceptedTypes,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.Zero,
        };

        string DirectCreate() => Jws.Sign(signer, "at+jwt", writer =>
        {
            // The claims TokenSigner writes for a client_credentials token.
            var now = DateTimeOffset.UtcNow;
            writer.WriteString("iss", Issuer);
            writer.WriteString("sub", ClientId);
            writer.WriteString("aud", Issuer);
            writer.WriteNumber("exp", now.AddMinutes(60).ToUnixTimeSeconds());
            writer.WriteNumber("iat", now.ToUnixTimeSeconds());
            writer.WriteString("jti", Guid.NewGuid().ToString("N"));
            writer.WriteString("client_id", ClientId);
            writer.WriteString("scope", "paylent:management");
        });

        string LibraryCreate()
        {
            var now = DateTime.UtcNow;
            return handler.CreateToken(new SecurityTokenDescriptor
            {
                TokenType = "at+jwt",
                Issuer = Issuer,
                Audience = Issuer,
                IssuedAt = now,
                Expires = now.AddMinutes(60),
                SigningCredentials = credentials,
                Claims = new Dictionary<string, object>(StringComparer.Ordinal)
                {
                    ["sub"] = ClientId,
                    ["jti"] = Guid.NewGuid().ToString("N"),
                    ["client_id"] = ClientId,
                    ["scope"] = "paylent:management",
                },
            });
        }

        // What the introspection needs out of a token: valid, unexpired, and its jti and client_id.
        bool DirectValidate(string token)
        {
            using var payload = Jws.Verify(token, publicKeys, AcceptedTypes);
            return payload is not null
                && payload.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var expires)
                && DateTimeOffset.FromUnixTimeSeconds(expires) > DateTimeOffset.UtcNow
                && Jws.Text(payload.RootElement, "jti") is not null
                && Jws.Text(payload.RootElement, "client_id") is not null;
        }

        bool LibraryValidate(string token)
        {
            // Completes synchronously: the key is given, nothing is fetched.
            var result = handler.ValidateTokenAsync(token, validation).GetAwaiter().GetResult();
            return result.IsValid
                && result.SecurityToken is JsonWebToken jwt
                && jwt.TryGetPayloadValue<string>("jti", out _)
                && jwt.TryGetPayloadValue<string>("client_id", out _);
        }

        // Each side must accept the other's tokens: the same JWS, whoever wrote it.
        var direct = DirectCreate();
        var library = LibraryCreate();
        if (!DirectValidate(direct) || !DirectValidate(library) || !LibraryValidate(direct) || !LibraryValidate(library))
        {
            throw new BenchmarkException("The direct JWS and Microsoft.IdentityModel.JsonWebTokens do not accept each other's tokens.");
        }

        var input = Encoding.ASCII.GetBytes(direct[..direct.LastIndexOf('.')]);
        var (results, createExtra) = Paired(duration,
            ("raw RSA SignData (the signature alone)", () => privateKey.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)),
            ("create: direct JWS", () => DirectCreate()),
            ("create: JsonWebTokens", () => LibraryCreate()));
        var signature = results[0];
        var directCreate = results[1];
        var libraryCreate = results[2];
        var (validations, validateExtra) = Paired(duration,
            ("raw RSA VerifyData (the signature check alone)", () => publicKey.VerifyData(input, Base64Url(direct[(direct.LastIndexOf('.') + 1)..]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)),
            ("validate: direct JWS", () => DirectValidate(direct)),
            ("validate: JsonWebTokens", () => LibraryValidate(direct)));
        var verification = validations[0];
        var directValidate = validations[1];
        var libraryValidate = validations[2];

        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.Append(invariant, $"### JWT library: Microsoft.IdentityModel.JsonWebTokens {LibraryVersion()} against the direct JWS, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n\n");
        text.Append(invariant, $"One thread, RSA-4096 RS256, {duration.TotalSeconds:0.##} s per group, operations in rotating order; median thread CPU time per operation; load average {LoadAverage()}.\n\n");
        text.Append("| operation | operations | median CPU µs | allocated bytes each |\n|---|---:|---:|---:|\n");
        foreach (var r in results.Concat(validations))
        {
            text.Append(invariant, $"| {r.Name} | {r.Operations:N0} | {r.CpuMicroseconds:N1} | {r.AllocatedBytes:N0} |\n");
        }

        var issuanceLoss = Loss(createExtra, RecordTokenCpuMilliseconds * 1000);
        var introspectionLoss = Loss(validateExtra, RecordIntrospectionCpuMilliseconds * 1000);
        text.Append('\n');
        text.Append(invariant, $"- around the signature: direct JWS {directCreate.CpuMicroseconds - signature.CpuMicroseconds:N1} µs, JsonWebTokens {libraryCreate.CpuMicroseconds - signature.CpuMicroseconds:N1} µs per token created; " +
            $"direct {directValidate.CpuMicroseconds - verification.CpuMicroseconds:N1} µs, JsonWebTokens {libraryValidate.CpuMicroseconds - verification.CpuMicroseconds:N1} µs per token validated\n");
        text.Append(invariant, $"- issuance: JsonWebTokens costs {createExtra:N1} µs more per token (median of paired differences) = {issuanceLoss:P1} of issuance throughput " +
            $"(against {RecordTokenCpuMilliseconds} ms of server CPU per token; {Loss(createExtra, directCreate.CpuMicroseconds):P1} against token creation alone); limit {MaxIssuanceLoss:P0}\n");
        text.Append(invariant, $"- introspection: JsonWebTokens costs {validateExtra:N1} µs more per token (median of paired differences) = {introspectionLoss:P1} of introspection throughput " +
            $"(against {RecordIntrospectionCpuMilliseconds} ms of server CPU per introspection; {Loss(validateExtra, directValidate.CpuMicroseconds):P1} against validation alone); limit {MaxIntrospectionLoss:P0}\n");
        var adopt = issuanceLoss <= MaxIssuanceLoss && introspectionLoss <= MaxIntrospectionLoss;
        text.Append(invariant, $"- decision (issue 14: ≤ {MaxIssuanceLoss:P0} of issuance and ≤ {MaxIntrospectionLoss:P0} of introspection throughput → create and validate every JWT with the library): ");
        text.Append(adopt ? "**switch to JsonWebTokens**\n" : "**keep the direct JWS**\n");
        return text.ToString();
    }

    /// <summary>Throughput lost when each request costs <paramref name="extra"/> more CPU than <paramref name="baseline"/>.</summary>
    private static double Loss(double extra, double baseline) => extra <= 0 ? 0 : extra / (baseline + extra);

    /// <param name="CpuMicroseconds">Median thread CPU time of one operation.</param>
    private sealed record Cost(string Name, long Operations, double CpuMicroseconds, double AllocatedBytes);

    /// <summary>
    /// The operations of a group one after another, the order rotating each iteration, each timed by
    /// this thread's own CPU clock (so neither preemption by other processes nor the runtime's
    /// background threads count), for the duration, after a warm-up of each (JIT, caches). Medians,
    /// which a stray slow operation on a busy machine does not move.
    /// </summary>
    private static (Cost[] Costs, double MedianExtra) Paired(TimeSpan duration, params (string Name, Action Operation)[] operations)
    {
        foreach (var (_, operation) in operations)
        {
            for (var w = 0; w < 50; w++)
            {
                operation();
            }
        }

        var times = operations.Select(_ => new List<double>()).ToArray();
        var allocated = new long[operations.Length];
        var start = Stopwatch.GetTimestamp();
        for (var iteration = 0; Stopwatch.GetElapsedTime(start) < duration; iteration++)
        {
            for (var k = 0; k < operations.Length; k++)
            {
                var i = (iteration + k) % operations.Length;
                var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
                var before = ThreadCpu.Microseconds();
                operations[i].Operation();
                times[i].Add(ThreadCpu.Microseconds() - before);
                allocated[i] += GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            }
        }

        // The last two of the group are the pair compared (direct, then the library), iteration by iteration.
        var a = times[^2];
        var b = times[^1];
        var extra = Median(a.Zip(b, (x, y) => y - x));
        return ([.. operations.Select((o, i) => new Cost(o.Name, times[i].Count, Median(times[i]), (double)allocated[i] / times[i].Count))], extra);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static byte[] Base64Url(string value) => System.Buffers.Text.Base64Url.DecodeFromChars(value);

    private static string LibraryVersion() =>
        typeof(JsonWebTokenHandler).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "?";

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}

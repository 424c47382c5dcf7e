using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.OAuth;

namespace Paylent.Benchmarks;

/// <summary>
/// The <c>jwt-library</c> command (issue 14, item 4): what creating and validating an RFC 9068 access
/// token costs the way Paylent does it (<see cref="Jws"/>: <c>Microsoft.IdentityModel.JsonWebTokens</c>
/// with one <see cref="SigningCredentials"/> per key, <see cref="TokenValidationParameters"/> built once
/// per key set, the <see cref="CryptoProviderFactory"/>'s signature-provider cache on), beside the bare
/// signature and signature check of the same key: what is left is everything around the signature.
/// RSA-4096 RS256 and P-256 ES256. One thread, the operations of each pair alternating so drift in
/// the machine's load hits both alike; the figure is CPU time per token (GC included), not wall time.
/// It then checks that the library made one signature provider per key and kept it: the cached
/// provider after the timed loops is the very one cached after the warm-up.
/// </summary>
internal static class JwtLibraryBenchmark
{
    private const string Issuer = "http://demo-test.localhost:8080";
    private const string ClientId = "paylent-management";

    /// <summary>
    /// A whole request's server CPU in the figures of record (docs/performance.md, 2026-11-22 10:05):
    /// a client_credentials JWT 6.69 ms, a JWT introspection 0.30 ms. What the JWT code costs around the
    /// signature is measured against these, since every other part of the request stays the same.
    /// </summary>
    public const double RecordTokenCpuMilliseconds = 6.69;

    public const double RecordIntrospectionCpuMilliseconds = 0.30;

    private static readonly IDictionary<string, object> Header = Jws.Header(TokenSigner.AccessTokenType);

    public static string Run(TimeSpan duration)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.Append(invariant, $"### JWT library: Microsoft.IdentityModel.JsonWebTokens {LibraryVersion()} as Paylent uses it, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n\n");
        text.Append(invariant, $"One thread, {duration.TotalSeconds:0.##} s per pair, operations alternating; median thread CPU time per operation; load average {LoadAverage()}.\n\n");
        text.Append("| operation | operations | median CPU µs | allocated bytes each |\n|---|---:|---:|---:|\n");
        var notes = new StringBuilder();
        using (var rsa = RSA.Create(4096))
        using (var rsaPublic = RSA.Create())
        {
            rsaPublic.ImportSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo(), out _);
            Measure(SigningAlgorithms.Rs256, rsa, rsaPublic, duration, text, notes);
        }

        using (var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        using (var ecPublic = ECDsa.Create())
        {
            ecPublic.ImportSubjectPublicKeyInfo(ec.ExportSubjectPublicKeyInfo(), out _);
            Measure(SigningAlgorithms.Es256, ec, ecPublic, duration, text, notes);
        }

        text.Append('\n').Append(notes);
        return text.ToString();
    }

    private static void Measure(string algorithm, AsymmetricAlgorithm privateKey, AsymmetricAlgorithm publicKey, TimeSpan duration, StringBuilder text, StringBuilder notes)
    {
        var kid = $"bench-{algorithm}";
        var signer = new KeySigner(kid, algorithm, Jws.Credentials(kid, algorithm, privateKey));
        var validation = Jws.Validation(
            new Dictionary<string, PublishedKey>(StringComparer.Ordinal) { [kid] = new(algorithm, publicKey) }, TokenSigner.AcceptedTypes, TimeProvider.System);

        string Create() => Jws.Sign(signer, Header, writer =>
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

        // What the introspection needs out of a token: valid, unexpired, and its jti and client_id.
        bool Validate(string token)
        {
            // Completes synchronously: the keys are given, nothing is fetched.
            using var payload = Jws.VerifyAsync(token, validation).GetAwaiter().GetResult();
            return payload is not null && Jws.Text(payload.RootElement, "jti") is not null && Jws.Text(payload.RootElement, "client_id") is not null;
        }

        var token = Create();
        if (!Validate(token))
        {
            throw new BenchmarkException($"A {algorithm} token made by Jws.Sign does not validate.");
        }

        var input = Encoding.ASCII.GetBytes(token[..token.LastIndexOf('.')]);
        var signature = Base64Url(token[(token.LastIndexOf('.') + 1)..]);
        Action sign = privateKey switch
        {
            RSA rsa => () => rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ec => () => ec.SignData(input, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => throw new BenchmarkException("Not a signing key."),
        };
        Action verify = publicKey switch
        {
            RSA rsa => () => rsa.VerifyData(input, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ec => () => ec.VerifyData(input, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => throw new BenchmarkException("Not a verification key."),
        };

        var verificationKey = validation.IssuerSigningKeyResolver(token, null, kid, validation).Single();
        var (signing, createExtra) = Paired(duration, ($"{algorithm}: raw SignData (the signature alone)", sign), ($"{algorithm}: create (Jws.Sign)", () => Create()));
        var signingProvider = CachedProvider(signer.Credentials.Key, algorithm, signing: true);
        var (checking, validateExtra) = Paired(duration, ($"{algorithm}: raw VerifyData (the check alone)", verify), ($"{algorithm}: validate (Jws.VerifyAsync)", () => Validate(token)));
        var verifyingProvider = CachedProvider(verificationKey, algorithm, signing: false);

        // One more of each after the timed loops: still the provider cached after the warm-up, so none was made per call.
        Create();
        Validate(token);
        if (signingProvider is null || verifyingProvider is null
            || !ReferenceEquals(signingProvider, CachedProvider(signer.Credentials.Key, algorithm, signing: true))
            || !ReferenceEquals(verifyingProvider, CachedProvider(verificationKey, algorithm, signing: false)))
        {
            throw new BenchmarkException($"{algorithm}: the library did not keep one cached signature provider per key: it makes them per call.");
        }

        foreach (var r in signing.Concat(checking))
        {
            text.Append(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Operations:N0} | {r.CpuMicroseconds:N1} | {r.AllocatedBytes:N0} |\n");
        }

        notes.Append(CultureInfo.InvariantCulture, $"- {algorithm}: {createExtra:N1} µs per token created beyond the signature (median of paired differences; {createExtra / (RecordTokenCpuMilliseconds * 10):N1} % of a JWT request's {RecordTokenCpuMilliseconds} ms of record), " +
            $"{validateExtra:N1} µs per token validated beyond the check ({validateExtra / (RecordIntrospectionCpuMilliseconds * 10):N1} % of an introspection's {RecordIntrospectionCpuMilliseconds} ms); " +
            $"signature providers: one signing and one verifying provider for the key, the same instances from the warm-up to the end ({signing[1].Operations + checking[1].Operations + 100:N0} calls)\n");
    }

    private static SignatureProvider? CachedProvider(SecurityKey key, string algorithm, bool signing) =>
        CryptoProviderFactory.Default.CryptoProviderCache.TryGetSignatureProvider(key, algorithm, typeof(AsymmetricSignatureProvider).ToString(), signing, out var provider)
            ? provider
            : null;

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

        // The last two of the group are the pair compared (the bare operation, then Paylent's), iteration by iteration.
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

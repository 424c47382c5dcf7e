using System.Security.Cryptography;

namespace Paylent.Benchmarks;

/// <summary>What this machine's cores can sign with nothing else to do: the ceiling for JWT issuance.</summary>
/// <param name="CpuMillisecondsPerSignature">CPU time per signature: unlike the rate, hardly affected by other load on the machine.</param>
internal sealed record SigningRate(int Threads, long Signatures, double PerSecond, double CpuMillisecondsPerSignature)
{
    /// <summary>Slices measured apart, as one: their signatures over their summed time, CPU weighted by signatures.</summary>
    public static SigningRate Merge(IReadOnlyList<SigningRate> measured)
    {
        // A slice that signed nothing has no time to add (and would divide by zero).
        var slices = measured.Where(s => s.Signatures > 0 && s.PerSecond > 0).ToList();
        if (slices.Count == 0)
        {
            return measured[0];
        }

        var signatures = slices.Sum(s => s.Signatures);
        var seconds = slices.Sum(s => s.Signatures / s.PerSecond);
        return new SigningRate(
            slices[0].Threads, signatures, signatures / seconds, slices.Sum(s => s.CpuMillisecondsPerSignature * s.Signatures) / Math.Max(1, signatures));
    }
}

/// <summary>
/// RSA-4096 PKCS#1 v1.5 SHA-256 (RS256) signatures in one loop per core, each with its own copy of
/// one key, over an input the size of a real access token's <c>header.payload</c>.
/// </summary>
internal static class SigningBaseline
{
    // About the length of base64url(header) + "." + base64url(claims) of a client_credentials token.
    private const int SigningInputLength = 440;

    public static SigningRate Measure(TimeSpan duration)
    {
        using var template = RSA.Create(4096);
        return Measure(template, duration);
    }

    /// <summary>With a key made beforehand: a 4096-bit key takes seconds to generate, too long to make for each slice.</summary>
    public static SigningRate Measure(RSA key, TimeSpan duration)
    {
        var pkcs8 = key.ExportPkcs8PrivateKey();
        var input = new byte[SigningInputLength];
        RandomNumberGenerator.Fill(input);

        var rate = AllCores.Measure(duration, "rsa", () =>
        {
            // Each loop has its own copy of the key: no two threads share one RSA object.
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            for (var w = 0; w < 10; w++)
            {
                rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }

            return () => rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        });
        CryptographicOperations.ZeroMemory(pkcs8);
        return new SigningRate(rate.Threads, rate.Operations, rate.PerSecond, rate.CpuMillisecondsPerOperation);
    }
}

using System.Diagnostics;
using System.Security.Cryptography;

namespace Paylent.Benchmarks;

/// <summary>What this machine's cores can sign with nothing else to do: the ceiling for JWT issuance.</summary>
/// <param name="CpuMillisecondsPerSignature">CPU time per signature: unlike the rate, hardly affected by other load on the machine.</param>
internal sealed record SigningRate(int Threads, long Signatures, double PerSecond, double CpuMillisecondsPerSignature);

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
        var pkcs8 = template.ExportPkcs8PrivateKey();
        var input = new byte[SigningInputLength];
        RandomNumberGenerator.Fill(input);

        var threads = Environment.ProcessorCount;
        var counts = new long[threads];
        var elapsed = new double[threads];
        using var ready = new Barrier(threads + 1);
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            for (var w = 0; w < 10; w++)
            {
                rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }

            ready.SignalAndWait();
            var start = Stopwatch.GetTimestamp();
            long n = 0;
            while (Stopwatch.GetElapsedTime(start) < duration)
            {
                rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                n++;
            }

            counts[i] = n;
            elapsed[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        })
        { IsBackground = true, Name = $"rsa-{i}" }).ToList();

        workers.ForEach(t => t.Start());
        using var self = Process.GetCurrentProcess();
        ready.SignalAndWait();
        var cpuBefore = self.TotalProcessorTime;
        workers.ForEach(t => t.Join());
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        CryptographicOperations.ZeroMemory(pkcs8);
        var signatures = counts.Sum();
        return new SigningRate(threads, signatures, Enumerable.Range(0, threads).Sum(i => counts[i] / elapsed[i]), cpu.TotalMilliseconds / Math.Max(1, signatures));
    }
}

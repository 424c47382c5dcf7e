using System.Diagnostics;
using System.Globalization;

namespace Paylent.Benchmarks;

/// <summary>OpenSSL's own RSA-4096 signing rate on this machine: what any server here could sign at most.</summary>
/// <param name="Rate">One process per core (its threads); the CPU per signature is user CPU time, as <c>openssl speed</c> times it by default.</param>
internal sealed record OpenSslRate(string Version, SigningRate Rate)
{
    public int Processes => Rate.Threads;

    public long Signatures => Rate.Signatures;

    public double PerSecond => Rate.PerSecond;

    public double CpuMillisecondsPerSignature => Rate.CpuMillisecondsPerSignature;

    /// <summary>Slices measured apart, as one (<see cref="SigningRate.Merge"/>).</summary>
    public static OpenSslRate Merge(IReadOnlyList<OpenSslRate> measured) =>
        new(measured[0].Version, SigningRate.Merge([.. measured.Select(m => m.Rate)]));
}

/// <summary>
/// What <c>openssl speed -multi &lt;cores&gt; rsa4096</c> runs: one <c>openssl speed -mr -seconds S rsa4096</c>
/// process per core, all at once, each signing (RSA-4096 PKCS#1 v1.5 over a SHA-256-sized digest, the
/// private-key operation RS256 is) for S seconds of wall-clock time, then verifying for as long (not
/// used). The processes are started here rather than by <c>-multi</c> because <c>-multi</c> reports
/// wall-clock time only, while a single <c>openssl speed</c> reports its signatures with the user
/// CPU time they took: the machine's rate is the signatures ÷ S, and the CPU per signature the
/// time ÷ the signatures, as for the .NET loop.
/// </summary>
internal static class OpenSslBaseline
{
    /// <summary>Null (and the reason printed) when <c>openssl</c> is not on the PATH or answers nothing usable.</summary>
    public static OpenSslRate? Measure(TimeSpan duration)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds));
        var processes = Environment.ProcessorCount;
        string version;
        string output;
        try
        {
            version = Run(TimeSpan.FromSeconds(10), "version").Result.Trim();
            var started = Enumerable.Range(0, processes)
                .Select(_ => Run(TimeSpan.FromSeconds(2 * seconds + 60), "speed", "-mr", "-seconds", seconds.ToString(CultureInfo.InvariantCulture), "rsa4096"))
                .ToList();
            output = string.Join('\n', started.Select(r => r.Result));
        }
        catch (AggregateException e) when (e.InnerException is { } inner)
        {
            Console.WriteLine($"  openssl speed could not run: {inner.Message}");
            return null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or TimeoutException)
        {
            Console.WriteLine($"  openssl speed could not run: {e.Message}");
            return null;
        }

        // "+R1:<signatures>:4096:<user CPU seconds>", one line per process (RSA sign results, machine-readable mode).
        var runs = output.Split('\n')
            .Select(line => line.Trim().Split(':'))
            .Where(f => f is ["+R1", _, "4096", _])
            .Select(f => (Count: long.Parse(f[1], CultureInfo.InvariantCulture), Cpu: double.Parse(f[3], CultureInfo.InvariantCulture)))
            .ToList();
        if (runs.Count != processes || runs.Sum(r => r.Count) == 0)
        {
            Console.WriteLine($"  openssl speed answered {runs.Count} results for {processes} processes; no OpenSSL baseline.");
            return null;
        }

        var signatures = runs.Sum(r => r.Count);
        return new OpenSslRate(version, new SigningRate(processes, signatures, (double)signatures / seconds, runs.Sum(r => r.Cpu) * 1000 / signatures));
    }

    /// <summary>Starts openssl at once; the task ends with its output.</summary>
    private static Task<string> Run(TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        return Task.Run(() =>
        {
            using (process)
            {
                // Results go to stderr in -mr mode, the rest to stdout: read both at once.
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(timeout))
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException($"openssl {string.Join(' ', arguments)} took longer than {timeout.TotalSeconds} s");
                }

                return stdout.Result + "\n" + stderr.Result;
            }
        });
    }
}

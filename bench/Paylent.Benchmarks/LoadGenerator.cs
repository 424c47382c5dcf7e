using System.Diagnostics;

namespace Paylent.Benchmarks;

/// <summary>One scenario's measured window.</summary>
internal sealed record LoadResult(
    string Name,
    long Succeeded,
    long Failed,
    TimeSpan Window,
    double P50Milliseconds,
    double P99Milliseconds,
    CpuUse? Cpu,
    string? FirstError)
{
    public double PerSecond => Succeeded / Window.TotalSeconds;

    public double ErrorRatio => Succeeded + Failed == 0 ? 1 : (double)Failed / (Succeeded + Failed);
}

/// <summary>
/// A closed-loop load: <c>concurrency</c> workers, each sending its next request as soon as the last
/// one answers, for a warm-up and then a measured window. A request counts in the window it
/// completes in, so the rate is the steady-state throughput. Bounded: no request starts after the
/// window, and any still running a request timeout later is cancelled.
/// </summary>
internal static class LoadGenerator
{
    /// <summary>Also the HTTP client's timeout.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <param name="send">One request; null when it succeeded, else what went wrong.</param>
    public static async Task<LoadResult> RunAsync(
        string name, int concurrency, TimeSpan warmup, TimeSpan duration, CpuSampler cpu, Func<CancellationToken, Task<string?>> send)
    {
        using var abort = new CancellationTokenSource(warmup + duration + RequestTimeout);
        var measureFrom = Stopwatch.GetTimestamp() + Ticks(warmup);
        var until = measureFrom + Ticks(duration);

        var cpuWindow = Task.Run(async () =>
        {
            await Task.Delay(TimeUntil(measureFrom), abort.Token);
            var first = cpu.Snapshot();
            await Task.Delay(TimeUntil(until), abort.Token);
            return cpu.Between(first, cpu.Snapshot());
        });

        var workers = Enumerable.Range(0, concurrency).Select(_ => new Worker()).ToList();
        await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunAsync(send, measureFrom, until, abort.Token))));
        var cpuUse = await cpuWindow;

        var latencies = workers.SelectMany(w => w.Latencies).ToArray();
        Array.Sort(latencies);
        return new LoadResult(
            name,
            latencies.Length,
            workers.Sum(w => w.Failed),
            duration,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            cpuUse,
            workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null));
    }

    /// <summary>Nearest-rank percentile of sorted values; NaN for none.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static TimeSpan TimeUntil(long timestamp)
    {
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private sealed class Worker
    {
        public List<double> Latencies { get; } = new(4096);

        public long Failed { get; private set; }

        public string? FirstError { get; private set; }

        public async Task RunAsync(Func<CancellationToken, Task<string?>> send, long measureFrom, long until, CancellationToken cancellationToken)
        {
            while (Stopwatch.GetTimestamp() < until && !cancellationToken.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    error = await send(cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                {
                    error = $"{e.GetType().Name}: {e.Message}";
                }

                var end = Stopwatch.GetTimestamp();
                if (end < measureFrom || end > until)
                {
                    continue;
                }

                if (error is null)
                {
                    Latencies.Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
                }
                else
                {
                    Failed++;
                    FirstError ??= error;
                }
            }
        }
    }
}

using System.Diagnostics;

namespace Paylent.Benchmarks;

/// <summary>One scenario's measured window.</summary>
internal sealed record LoadResult(
    string Name,
    long Succeeded,
    long Failed,
    TimeSpan Window,
    TimeSpan Warmup,
    double P50Milliseconds,
    double P99Milliseconds,
    CpuUse? Cpu,
    string? FirstError,
    double[] SortedLatencies)
{
    public double PerSecond => Succeeded / Window.TotalSeconds;

    public double ErrorRatio => Succeeded + Failed == 0 ? 1 : (double)Failed / (Succeeded + Failed);

    /// <summary>Slices of one scenario as one result: counts and windows added, percentiles over every request, cores weighted by window.</summary>
    public static LoadResult Merge(IReadOnlyList<LoadResult> slices)
    {
        var latencies = slices.SelectMany(s => s.SortedLatencies).ToArray();
        Array.Sort(latencies);
        var window = slices.Aggregate(TimeSpan.Zero, (total, s) => total + s.Window);
        return new LoadResult(
            slices[0].Name,
            slices.Sum(s => s.Succeeded),
            slices.Sum(s => s.Failed),
            window,
            slices[0].Warmup,
            LoadGenerator.Percentile(latencies, 0.50),
            LoadGenerator.Percentile(latencies, 0.99),
            CpuUse.Merge([.. slices.Select(s => (s.Cpu, s.Window))]),
            slices.Select(s => s.FirstError).FirstOrDefault(e => e is not null),
            latencies);
    }
}

/// <summary>
/// A closed-loop load: <c>concurrency</c> workers, each sending its next request as soon as the last
/// one answers, for a warm-up and then a measured window. A request counts in the window it
/// completes in, so the rate is the steady-state throughput. The warm-up lasts at least as long as
/// asked, and then on until the server's just-in-time compiler has settled (<see cref="ServerJit"/>),
/// for at most <see cref="MaxJitWait"/> more. Bounded: no request starts after the window, and any
/// still running a request timeout later is cancelled.
/// </summary>
internal static class LoadGenerator
{
    /// <summary>Also the HTTP client's timeout.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How much longer than asked a warm-up may wait for the compiler to settle.</summary>
    public static readonly TimeSpan MaxJitWait = TimeSpan.FromSeconds(120);

    /// <summary>Settled: the compiler thread used at most this many ticks (10 ms each) over the last <see cref="JitQuietWindow"/>.</summary>
    private const long JitQuietTicks = 2;

    private static readonly TimeSpan JitQuietWindow = TimeSpan.FromSeconds(2);

    /// <param name="jitTicks">The server's compiler thread's CPU ticks so far (<see cref="ServerJit.CpuTicks"/>); null when unknown, then the warm-up is as asked.</param>
    /// <param name="send">One request; null when it succeeded, else what went wrong.</param>
    public static async Task<LoadResult> RunAsync(
        string name, int concurrency, TimeSpan warmup, TimeSpan duration, CpuSampler cpu, Func<long?> jitTicks, Func<CancellationToken, Task<string?>> send)
    {
        using var abort = new CancellationTokenSource();
        var started = Stopwatch.GetTimestamp();
        var window = new Window();
        var workers = Enumerable.Range(0, concurrency).Select(_ => new Worker()).ToList();
        var running = Task.WhenAll(workers.Select(w => Task.Run(() => w.RunAsync(send, window, abort.Token))));

        await Task.Delay(warmup);
        await SettledAsync(jitTicks);
        window.Open(Stopwatch.GetTimestamp(), Ticks(duration));
        abort.CancelAfter(duration + RequestTimeout);
        var first = cpu.Snapshot();
        await Task.Delay(duration);
        var cpuUse = cpu.Between(first, cpu.Snapshot());
        await running;

        var latencies = workers.SelectMany(w => w.Latencies).ToArray();
        Array.Sort(latencies);
        return new LoadResult(
            name,
            latencies.Length,
            workers.Sum(w => w.Failed),
            duration,
            Stopwatch.GetElapsedTime(started, window.From),
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            cpuUse,
            workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null),
            latencies);
    }

    /// <summary>Nearest-rank percentile of sorted values; NaN for none.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Waits until the compiler thread has been quiet for <see cref="JitQuietWindow"/>, or <see cref="MaxJitWait"/> has passed.</summary>
    private static async Task SettledAsync(Func<long?> jitTicks)
    {
        var giveUp = Stopwatch.GetTimestamp() + Ticks(MaxJitWait);
        var before = jitTicks();
        while (before is { } last && Stopwatch.GetTimestamp() < giveUp)
        {
            await Task.Delay(JitQuietWindow);
            var now = jitTicks();
            if (now is null || now - last <= JitQuietTicks)
            {
                return;
            }

            before = now;
        }
    }

    /// <summary>The measured window, unknown (never) until the warm-up ends.</summary>
    private sealed class Window
    {
        private long _from = long.MaxValue;
        private long _until = long.MaxValue;

        public long From => Volatile.Read(ref _from);

        public long Until => Volatile.Read(ref _until);

        public void Open(long from, long length)
        {
            Volatile.Write(ref _until, from + length);
            Volatile.Write(ref _from, from);
        }
    }

    private sealed class Worker
    {
        public List<double> Latencies { get; } = new(4096);

        public long Failed { get; private set; }

        public string? FirstError { get; private set; }

        public async Task RunAsync(Func<CancellationToken, Task<string?>> send, Window window, CancellationToken cancellationToken)
        {
            while (Stopwatch.GetTimestamp() < window.Until && !cancellationToken.IsCancellationRequested)
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
                if (end < window.From || end > window.Until)
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

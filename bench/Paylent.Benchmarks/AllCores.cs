using System.Diagnostics;

namespace Paylent.Benchmarks;

/// <param name="CpuMillisecondsPerOperation">
/// The loops' own CPU time per operation (their threads' clocks, as <c>openssl speed</c> reports its
/// process's): unlike the rate, hardly affected by other load on the machine, and without this
/// process's one-off work beside them (the tiered JIT's background compiles took 2.4 % of the
/// process's CPU in the signing window, docs/performance.md).
/// </param>
internal sealed record LoopRate(int Threads, long Operations, double PerSecond, double CpuMillisecondsPerOperation);

/// <summary>One tight loop per core, started together after each has warmed up: what the machine can do with nothing else to do.</summary>
internal static class AllCores
{
    /// <param name="prepare">Runs on each loop's own thread before the clock starts: sets up (and warms) its state and returns the operation to repeat.</param>
    public static LoopRate Measure(TimeSpan duration, string name, Func<Action> prepare)
    {
        var threads = Environment.ProcessorCount;
        var counts = new long[threads];
        var elapsed = new double[threads];
        var cpu = new double[threads];
        using var ready = new Barrier(threads + 1);
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            var operation = prepare();
            ready.SignalAndWait();
            var start = Stopwatch.GetTimestamp();
            var cpuStart = ThreadCpu.Microseconds();
            long n = 0;
            while (Stopwatch.GetElapsedTime(start) < duration)
            {
                operation();
                n++;
            }

            counts[i] = n;
            elapsed[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            cpu[i] = ThreadCpu.Microseconds() - cpuStart;
        })
        { IsBackground = true, Name = $"{name}-{i}" }).ToList();

        workers.ForEach(t => t.Start());
        ready.SignalAndWait();
        workers.ForEach(t => t.Join());
        var operations = counts.Sum();
        return new LoopRate(threads, operations, Enumerable.Range(0, threads).Sum(i => counts[i] / elapsed[i]), cpu.Sum() / 1000 / Math.Max(1, operations));
    }
}

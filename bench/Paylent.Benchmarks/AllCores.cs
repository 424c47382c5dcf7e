using System.Diagnostics;

namespace Paylent.Benchmarks;

/// <param name="CpuMillisecondsPerOperation">CPU time per operation: unlike the rate, hardly affected by other load on the machine.</param>
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
        using var ready = new Barrier(threads + 1);
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            var operation = prepare();
            ready.SignalAndWait();
            var start = Stopwatch.GetTimestamp();
            long n = 0;
            while (Stopwatch.GetElapsedTime(start) < duration)
            {
                operation();
                n++;
            }

            counts[i] = n;
            elapsed[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        })
        { IsBackground = true, Name = $"{name}-{i}" }).ToList();

        workers.ForEach(t => t.Start());
        using var self = Process.GetCurrentProcess();
        ready.SignalAndWait();
        var cpuBefore = self.TotalProcessorTime;
        workers.ForEach(t => t.Join());
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        var operations = counts.Sum();
        return new LoopRate(threads, operations, Enumerable.Range(0, threads).Sum(i => counts[i] / elapsed[i]), cpu.TotalMilliseconds / Math.Max(1, operations));
    }
}

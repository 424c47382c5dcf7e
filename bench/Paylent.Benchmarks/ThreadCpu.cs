using System.Runtime.InteropServices;

namespace Paylent.Benchmarks;

/// <summary>This thread's CPU time (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), in microseconds.</summary>
internal static partial class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    public static double Microseconds() =>
        ClockGetTime(ClockThreadCpuTimeId, out var time) == 0
            ? (time.Seconds * 1e6) + (time.Nanoseconds / 1e3)
            : throw new BenchmarkException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: the raw-rate loops and the jwt-library mode need Linux.");

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

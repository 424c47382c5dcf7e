using System.Globalization;

namespace Paylent.Benchmarks;

/// <summary>
/// How busy the server's tiered-compilation thread is, from Linux's <c>/proc/{pid}/task</c>. .NET
/// first compiles each method quickly, then again, optimized (and with dynamic PGO, once more in
/// between), on that one background thread once the method proves hot; until it is done, part of
/// every core-second goes to compiling rather than serving. A measured window is steady state only
/// once that thread has gone quiet.
/// </summary>
internal static class ServerJit
{
    // The runtime names the thread ".NET Tiered Compilation Worker"; Linux keeps 15 characters.
    private const string ThreadName = ".NET Tiered Com";

    /// <summary>The thread's CPU time so far, in USER_HZ ticks (1/100 s); null when unknown (no /proc, no such thread).</summary>
    public static long? CpuTicks(int pid)
    {
        var tasks = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task";
        if (!Directory.Exists(tasks))
        {
            return null;
        }

        long? ticks = null;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') != ThreadName)
                {
                    continue;
                }

                // After the parenthesized name: state is field 3, utime and stime are fields 14 and 15.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks = (ticks ?? 0) + long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The thread ended between the listing and the read.
            }
        }

        return ticks;
    }
}

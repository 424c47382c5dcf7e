using System.Diagnostics;
using System.Globalization;

namespace Paylent.Benchmarks;

/// <summary>Cores kept busy during a window: by the server, by PostgreSQL, by this load generator, and by everything else.</summary>
internal sealed record CpuUse(double MachineCores, double? ServerCores, double? DatabaseCores, double ClientCores)
{
    public double OtherCores => Math.Max(0, MachineCores - (ServerCores ?? 0) - (DatabaseCores ?? 0) - ClientCores);

    /// <summary>Consecutive windows' use as one, each weighted by its length; null when any is unknown.</summary>
    public static CpuUse? Merge(IReadOnlyList<(CpuUse? Use, TimeSpan Window)> windows)
    {
        if (windows.Any(w => w.Use is null))
        {
            return null;
        }

        var seconds = windows.Sum(w => w.Window.TotalSeconds);
        double Average(Func<CpuUse, double> cores) => windows.Sum(w => cores(w.Use!) * w.Window.TotalSeconds) / seconds;
        double? Known(Func<CpuUse, double?> cores) => windows.All(w => cores(w.Use!) is not null) ? Average(u => cores(u)!.Value) : null;
        return new CpuUse(Average(u => u.MachineCores), Known(u => u.ServerCores), Known(u => u.DatabaseCores), Average(u => u.ClientCores));
    }
}

/// <summary>
/// Reads Linux's <c>/proc</c>: the machine's busy time from <c>/proc/stat</c>, the server's from
/// <c>/proc/{pid}/stat</c>, PostgreSQL's as its postmaster's and all its children's (one backend per
/// connection). Elsewhere only this process's own time is known, and the machine's is 0.
/// </summary>
/// <param name="serverChildren">Count the server's child processes as the server (a node cluster's workers).</param>
internal sealed class CpuSampler(int? serverPid, int? databasePid, bool serverChildren = false)
{
    // USER_HZ, the unit of /proc times; 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public readonly record struct CpuSnapshot(long Timestamp, long MachineBusy, long MachineTotal, long? ServerTicks, long? DatabaseTicks, TimeSpan Client);

    public CpuSnapshot Snapshot()
    {
        var (busy, total) = MachineTicks();
        using var self = Process.GetCurrentProcess();
        var processes = serverPid is null && databasePid is null ? [] : Processes();
        return new CpuSnapshot(
            Stopwatch.GetTimestamp(),
            busy,
            total,
            serverPid is { } server && processes.TryGetValue(server, out var app)
                ? app.Ticks + (serverChildren ? ChildTicks(processes, server) : 0)
                : (long?)null,
            databasePid is { } database && processes.TryGetValue(database, out var postmaster)
                ? postmaster.Ticks + ChildTicks(processes, database)
                : (long?)null,
            self.TotalProcessorTime);
    }

    public CpuUse Between(CpuSnapshot first, CpuSnapshot second)
    {
        var wall = Stopwatch.GetElapsedTime(first.Timestamp, second.Timestamp).TotalSeconds;
        var machine = second.MachineTotal > first.MachineTotal
            ? (double)(second.MachineBusy - first.MachineBusy) / (second.MachineTotal - first.MachineTotal) * Environment.ProcessorCount
            : 0;
        return new CpuUse(
            machine,
            Cores(first.ServerTicks, second.ServerTicks, wall),
            Cores(first.DatabaseTicks, second.DatabaseTicks, wall),
            (second.Client - first.Client).TotalSeconds / wall);
    }

    private static long ChildTicks(Dictionary<int, (int ParentPid, long Ticks)> processes, int parent) =>
        processes.Values.Where(p => p.ParentPid == parent).Sum(p => p.Ticks);

    /// <summary>The first line of /proc/stat: user nice system idle iowait irq softirq steal (guest is inside user).</summary>
    private static (long Busy, long Total) MachineTicks()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (0, 0);
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        var idle = fields[3] + fields[4];
        return (total - idle, total);
    }

    // Processes that ended during the window take their time with them: only a lower bound for the database.
    private static double? Cores(long? first, long? second, double wall) =>
        first is { } a && second is { } b ? Math.Max(0, b - a) / TicksPerSecond / wall : null;

    /// <summary>
    /// Every process's parent and utime + stime (fields 4, 14 and 15 of /proc/{pid}/stat, counted
    /// after the parenthesised name, which may itself hold spaces).
    /// </summary>
    private static Dictionary<int, (int ParentPid, long Ticks)> Processes()
    {
        var processes = new Dictionary<int, (int, long)>();
        IEnumerable<string> directories;
        try
        {
            directories = Directory.EnumerateDirectories("/proc");
        }
        catch (IOException)
        {
            return processes;
        }

        foreach (var directory in directories)
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // gone, or not ours to read
            }

            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            processes[pid] = (
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
        }

        return processes;
    }
}

using System.Globalization;
using Npgsql;

namespace Paylent.Benchmarks;

/// <summary>
/// The planner's statistics brought up to date before a user flow, as pgbench vacuums and analyzes before
/// its runs. Without it the tables the flows read stay as small as the benchmark made them: 16 sessions
/// never reach autovacuum's threshold (50 rows changed), so PostgreSQL plans a code's or refresh token's
/// read with its session by hashing every session of the environment against a scan of its users, where
/// a production database, analyzed as it grows, looks the one session up by its key (docs/performance.md).
/// </summary>
internal static class Statistics
{
    public static async Task AnalyzeAsync(BenchOptions options)
    {
        if (options.AnalyzeConnection is not { } connection)
        {
            return;
        }

        var started = TimeProvider.System.GetTimestamp();
        await using var source = NpgsqlDataSource.Create(connection);
        await using var analyze = source.CreateCommand("ANALYZE");
        await analyze.ExecuteNonQueryAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Analyzed the database ({TimeProvider.System.GetElapsedTime(started).TotalMilliseconds:F0} ms)."));
    }
}

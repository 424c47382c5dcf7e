using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Paylent.IntegrationTests.Hosting;

public sealed class MigrateCommandTests
{
    [Fact]
    public async Task The_migrate_command_creates_the_schema_and_exits_without_bootstrapping()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"paylent-migrate-{Guid.NewGuid():N}");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { typeof(Program).Assembly.Location, "migrate", $"--Paylent:DataDirectory={dataDirectory}" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);

            Assert.Equal(0, process.ExitCode);
            Assert.DoesNotContain("Admin password", await output, StringComparison.Ordinal);
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "paylent.db")};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT count(*) FROM accounts), (SELECT count(*) FROM __EFMigrationsHistory)";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(0, reader.GetInt64(0));
            Assert.True(reader.GetInt64(1) > 0);
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }
}

using Npgsql;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Testing;

/// <summary>
/// A fresh, empty database on the given provider, dropped afterwards. PostgreSQL comes from
/// <c>PAYLENT_TEST_POSTGRES</c> (a server <c>./build.sh test</c> starts); SQLite is a temp file.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "PAYLENT_TEST_POSTGRES";

    private readonly string? _postgresServer;
    private readonly string _name;

    private TestDatabase(DatabaseProvider provider, string connectionString, string name, string? postgresServer)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _name = name;
        _postgresServer = postgresServer;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var name = $"paylent_test_{Guid.NewGuid():N}";
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), name + ".db");
            return new TestDatabase(provider, $"Data Source={file};Pooling=False", file, null);
        }

        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"PostgreSQL tests need {PostgresVariable} (a connection string to a server where databases may be created). " +
                "./build.sh test starts a throwaway server and sets it.");
        }

        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new TestDatabase(provider, connectionString, name, server);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresServer is null)
        {
            foreach (var file in new[] { _name, _name + "-wal", _name + "-shm" })
            {
                File.Delete(file);
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_postgresServer);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

namespace Paylent.Infrastructure.Persistence;

/// <summary>The <c>Database</c> configuration section; the connection string is <c>ConnectionStrings:Paylent</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "Paylent";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

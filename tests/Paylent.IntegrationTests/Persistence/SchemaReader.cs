using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Paylent.Infrastructure.Persistence;

namespace Paylent.IntegrationTests.Persistence;

/// <summary>
/// Describes a database's schema as sorted lines (tables, columns with type and nullability,
/// keys, foreign keys, indexes with their filters) read from the provider's own catalog, so two schemas compare as text.
/// </summary>
internal static class SchemaReader
{
    // EF's own bookkeeping tables (migrations history, migration lock) are not part of the model.
    private const string EfTables = "'__EFMigrationsHistory', '__EFMigrationsLock'";

    public static async Task<List<string>> ReadAsync(DbContext context, DatabaseProvider provider)
    {
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            var lines = provider == DatabaseProvider.Postgres ? await PostgresAsync(connection) : await SqliteAsync(connection);
            lines.Sort(StringComparer.Ordinal);
            return lines;
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task<List<string>> PostgresAsync(DbConnection connection)
    {
        var lines = new List<string>();
        lines.AddRange(await RowsAsync(connection, $"""
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type
                   || coalesce('(' || character_maximum_length || ')', '') || ' ' || is_nullable
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name NOT IN ({EfTables})
            """));
        lines.AddRange(await RowsAsync(connection, $"""
            SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
            FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace AND trim('"' from conrelid::regclass::text) NOT IN ({EfTables})
            """));
        lines.AddRange(await RowsAsync(connection, $"""
            SELECT 'index ' || indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename NOT IN ({EfTables})
            """));
        return lines;
    }

    private static async Task<List<string>> SqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var tables = await RowsAsync(connection, $"""
            SELECT name FROM sqlite_master
            WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ({EfTables})
            """);
        foreach (var table in tables)
        {
            lines.Add($"table {table}");
            lines.AddRange(await RowsAsync(connection, $"""
                SELECT 'column {table}.' || name || ' ' || type || ' ' || (CASE WHEN "notnull" = 1 THEN 'NOT NULL' ELSE 'NULL' END) || ' pk' || pk
                FROM pragma_table_info('{table}')
                """));
            lines.AddRange(await RowsAsync(connection, $"""
                SELECT 'foreign key {table}.' || "from" || ' -> ' || "table" || '.' || "to" || ' on delete ' || on_delete
                FROM pragma_foreign_key_list('{table}')
                """));
            lines.AddRange(await RowsAsync(connection, $"""
                SELECT 'index {table}.' || il.name || ' unique=' || il."unique" || ' origin=' || il.origin || ' ('
                       || (SELECT group_concat(ii.name, ',') FROM pragma_index_info(il.name) ii) || ')'
                       || coalesce((SELECT substr(m.sql, instr(upper(m.sql), ' WHERE ')) FROM sqlite_master m
                                    WHERE m.type = 'index' AND m.name = il.name AND il.partial = 1), '')
                FROM pragma_index_list('{table}') il
                WHERE il.origin <> 'pk'
                """));
        }

        return lines;
    }

    private static async Task<List<string>> RowsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}

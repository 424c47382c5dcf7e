using Microsoft.EntityFrameworkCore;
using Paylent.Infrastructure.Persistence;

namespace Paylent.IntegrationTests.Support;

/// <summary>Rows written with raw SQL, as an older release or a lost race left them, with ids bound the way each provider stores them.</summary>
internal static class RawRows
{
    /// <summary>An id as EF stores it: upper-case text on SQLite (raw SQL would bind a Guid as a BLOB), a uuid on PostgreSQL.</summary>
    public static object Id(DatabaseProvider provider, Guid id) => provider == DatabaseProvider.Sqlite ? id.ToString().ToUpperInvariant() : id;

    public static object Id(DatabaseProvider provider, string id) => Id(provider, Guid.Parse(id));

    /// <summary>An account and its environments, by id and slug.</summary>
    public static async Task InsertEnvironmentsAsync(DbContext context, DatabaseProvider provider, Guid account, DateTime now, params (Guid Id, string Slug)[] environments)
    {
        await context.Database.ExecuteSqlAsync($"INSERT INTO accounts (id, slug, name, created_at, version) VALUES ({Id(provider, account)}, 'old', 'Old', {now}, {Id(provider, Guid.NewGuid())})");
        foreach (var (id, slug) in environments)
        {
            await context.Database.ExecuteSqlAsync($"INSERT INTO environments (id, account_id, slug, created_at, version) VALUES ({Id(provider, id)}, {Id(provider, account)}, {slug}, {now}, {Id(provider, Guid.NewGuid())})");
        }
    }
}

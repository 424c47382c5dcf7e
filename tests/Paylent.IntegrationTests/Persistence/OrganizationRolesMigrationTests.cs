using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Persistence;

/// <summary>Environments that existed before organizations get the organization roles from the migration, in a form EF reads back.</summary>
public sealed class OrganizationRolesMigrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Existing_environments_get_the_organization_roles_except_a_slug_they_already_have(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var context = Contexts.Paylent(database);
        await context.GetService<IMigrator>().MigrateAsync("20261203110100_AccessInTokens");
        var (account, first, second, existing) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var now = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

        object Id(Guid id) => RawRows.Id(provider, id);
        await RawRows.InsertEnvironmentsAsync(context, provider, account, now, (first, "test"), (second, "production"));
        await context.Database.ExecuteSqlAsync($"""
            INSERT INTO roles (id, environment_id, slug, normalized_slug, name, description, client_id, is_default, permissions, included_role_ids, created_at, updated_at, version)
            VALUES ({Id(existing)}, {Id(second)}, 'ORG:OWNER', 'org:owner', 'Theirs', NULL, NULL, {false}, '[]', '[]', {now}, {now}, {Id(Guid.NewGuid())})
            """);

        await context.Database.MigrateAsync();

        var roles = await context.Roles.IgnoreQueryFilters().AsNoTracking().ToListAsync();
        Assert.Equal(["org:admin", "org:member", "org:owner"], roles.Where(r => r.EnvironmentId == first).Select(r => r.Slug).Order());
        Assert.Equal(["ORG:OWNER", "org:admin", "org:member"], roles.Where(r => r.EnvironmentId == second).Select(r => r.Slug).Order(StringComparer.Ordinal));
        Assert.Equal(existing, roles.Single(r => r.EnvironmentId == second && r.NormalizedSlug == "org:owner").Id);
        Assert.All(roles, r => Assert.Equal((r.CreatedAt.Kind, r.Permissions.Count, r.IncludedRoleIds.Count), (DateTimeKind.Utc, 0, 0)));
        Assert.Equal(6, roles.Select(r => r.Id).Distinct().Count());
    }
}

using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Support;

/// <summary>Builds a <see cref="PaylentDbContext"/> on a test database outside the web host.</summary>
public static class Contexts
{
    public static PaylentDbContext Paylent(TestDatabase database, EnvironmentContext? scope = null)
    {
        var options = new DbContextOptionsBuilder<PaylentDbContext>();
        Use(options, database);
        options.ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning));
        scope ??= new EnvironmentContext();
        return new PaylentDbContext(options.Options).BindTo(scope, new AuditCapture(new AuditContext(), scope, TimeProvider.System));
    }

    public static void Use(DbContextOptionsBuilder options, TestDatabase database)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(database.ConnectionString);
        }
        else
        {
            options.UseSqlite(database.ConnectionString);
        }
    }
}

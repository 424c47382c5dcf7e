using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Support;

/// <summary>Builds a <see cref="PaylentDbContext"/> on a test database outside the web host.</summary>
public static class Contexts
{
    public static PaylentDbContext Paylent(TestDatabase database, EnvironmentContext? scope = null, params IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<PaylentDbContext>();
        Use(options, database);
        options.AddInterceptors(interceptors);
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
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

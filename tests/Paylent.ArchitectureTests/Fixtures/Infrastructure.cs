// Rule breakers for the infrastructure rules, and the data ports the web rule guards.
namespace Paylent.ArchitectureTests.Fixtures.Infrastructure
{
    using Microsoft.EntityFrameworkCore;
    using Paylent.ArchitectureTests.Fixtures.Web;

    /// <summary>A DbContext: a data port the web host must not touch.</summary>
    public sealed class ShopDbContext(DbContextOptions<ShopDbContext> options) : DbContext(options);

    public sealed class SalesCache;

    /// <summary>Layer rule: infrastructure calling into the web host, inside a lambda.</summary>
    public sealed class WebhookRelay
    {
        public Func<Guid, string> Target() => id => Routes.Customer(id);
    }
}

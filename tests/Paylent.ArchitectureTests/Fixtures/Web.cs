// Rule breakers for the web rule: a data port touched, whichever way, beside lawful neighbours.
namespace Paylent.ArchitectureTests.Fixtures.Web
{
    using Paylent.ArchitectureTests.Fixtures.Application.Common.Persistence;
    using Paylent.ArchitectureTests.Fixtures.Application.Sales;
    using Paylent.ArchitectureTests.Fixtures.Application.Sales.Contracts;
    using Paylent.ArchitectureTests.Fixtures.Infrastructure;

    public static class Routes
    {
        public static string Customer(Guid id) => $"/customers/{id}";
    }

    /// <summary>Data-port rule: a module's port by name, inside an async method.</summary>
    public sealed class CustomersPage(IServiceProvider services)
    {
        public async Task<int> CountAsync()
        {
            await Task.Yield();
            return ((ISalesData)services.GetService(typeof(ISalesData))!).Customers.Count();
        }
    }

    /// <summary>Data-port rule: the shared port, inside a lambda.</summary>
    public sealed class CheckoutEndpoint
    {
        public Func<IServiceProvider, object?> Port() => services => services.GetService(typeof(IShopDbContext));
    }

    /// <summary>Data-port rule: the DbContext itself, as a health check would.</summary>
    public sealed class HealthProbe(ShopDbContext db)
    {
        public bool Ready() => db.Database.CanConnect();
    }

    /// <summary>Lawful: the request scope (a class in the persistence namespace) and a module contract.</summary>
    public sealed class CustomerCard(ShopScope scope, ICustomerDirectory customers)
    {
        public Task<CustomerSummary?> ShowAsync(Guid id) => scope.StoreId is null ? Task.FromResult<CustomerSummary?>(null) : customers.FindAsync(id, default);
    }
}

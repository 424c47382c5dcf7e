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

// Rule breakers for the area rule: two areas reaching into each other, whichever way, beside what
// they may use (their own types, the shared Common) and the host that wires them both.
namespace Paylent.ArchitectureTests.Fixtures.Web.Common
{
    public static class Notices
    {
        public static string? Message(string? code) => code is null ? null : $"Done: {code}.";
    }
}

namespace Paylent.ArchitectureTests.Fixtures.Web.Areas.Shop
{
    using Paylent.ArchitectureTests.Fixtures.Web.Areas.Admin;
    using Paylent.ArchitectureTests.Fixtures.Web.Common;

    public sealed class CartLine
    {
        public string? Sku { get; set; }
    }

    /// <summary>Area rule: the other area's page, inside an async method.</summary>
    public sealed class CartPage
    {
        public async Task<string> TitleAsync()
        {
            await Task.Yield();
            return new OrdersPage().Title();
        }
    }

    /// <summary>Lawful: what the areas share.</summary>
    public sealed class CheckoutPage
    {
        public string? Notice(string code) => Notices.Message(code);
    }
}

namespace Paylent.ArchitectureTests.Fixtures.Web.Areas.Admin
{
    public sealed class OrdersPage
    {
        public string Title() => "Orders";
    }
}

namespace Paylent.ArchitectureTests.Fixtures.Web.Areas.Admin.Refunds
{
    using Paylent.ArchitectureTests.Fixtures.Web.Areas.Shop;

    /// <summary>Area rule: a type in a namespace under the area, holding the other area's type.</summary>
    public sealed class RefundForm
    {
        public CartLine? Line { get; set; }
    }
}

namespace Paylent.ArchitectureTests.Fixtures.Web
{
    using Paylent.ArchitectureTests.Fixtures.Web.Areas.Admin;
    using Paylent.ArchitectureTests.Fixtures.Web.Areas.Shop;
    using Paylent.ArchitectureTests.Fixtures.Web.Common;

    /// <summary>Area rule: a compiled view, named after its path as Razor names it, using the other area's page.</summary>
    internal sealed class Areas_Shop_Views_Cart_Index
    {
        public string Render() => new OrdersPage().Title();
    }

    /// <summary>Lawful: a compiled view using its own area and the shared pieces.</summary>
    internal sealed class Areas_Admin_Views_Orders_Index
    {
        public string Render() => new OrdersPage().Title() + Notices.Message("refund");
    }

    /// <summary>Lawful: the host wires every area.</summary>
    public static class Surfaces
    {
        public static IReadOnlyList<object> All() => [new CheckoutPage(), new OrdersPage()];
    }
}

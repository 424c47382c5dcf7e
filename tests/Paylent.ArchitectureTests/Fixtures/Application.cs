// Rule breakers for the application rules (layer direction, modules through contracts, handlers,
// validators, requests), beside lawful neighbours the rules must let pass.
namespace Paylent.ArchitectureTests.Fixtures.Application.Common.Persistence
{
    using Paylent.ArchitectureTests.Fixtures.Domain.Sales;

    /// <summary>A data port by its namespace.</summary>
    public interface IShopDbContext
    {
        IQueryable<Customer> Customers { get; }
    }

    /// <summary>Not a data port: a class, though in the persistence namespace.</summary>
    public sealed class ShopScope
    {
        public Guid? StoreId { get; set; }
    }
}

namespace Paylent.ArchitectureTests.Fixtures.Application.Sales.Contracts
{
    public sealed record CustomerSummary(Guid Id, string Name);

    public interface ICustomerDirectory
    {
        Task<CustomerSummary?> FindAsync(Guid id, CancellationToken cancellationToken);
    }
}

namespace Paylent.ArchitectureTests.Fixtures.Application.Sales
{
    using FluentValidation;
    using Microsoft.EntityFrameworkCore;
    using Paylent.Application.Common.Messaging;
    using Paylent.ArchitectureTests.Fixtures.Domain.Sales;
    using Paylent.ArchitectureTests.Fixtures.Infrastructure;
    using Paylent.ArchitectureTests.Fixtures.Web;

    /// <summary>A data port by its name; internal to Sales.</summary>
    public interface ISalesData
    {
        IQueryable<Customer> Customers { get; }
    }

    /// <summary>Sales' own DTO, outside its contracts: no other module may use it.</summary>
    public sealed record CustomerRow(Guid Id, string Name);

    public sealed record FindCustomer(Guid Id) : IQuery<CustomerRow?>;

    /// <summary>Lawful: internal, sealed, answers a DTO.</summary>
    internal sealed class FindCustomerHandler(ISalesData data) : IQueryHandler<FindCustomer, CustomerRow?>
    {
        public Task<CustomerRow?> Handle(FindCustomer request, CancellationToken cancellationToken) =>
            Task.FromResult(data.Customers.Where(c => c.Id == request.Id).Select(c => new CustomerRow(c.Id, c.Name)).FirstOrDefault());
    }

    public sealed record GetCustomer(Guid Id) : IQuery<Customer>;

    /// <summary>Handler rule: answers the entity itself.</summary>
    internal sealed class GetCustomerHandler(ISalesData data) : IQueryHandler<GetCustomer, Customer>
    {
        public Task<Customer> Handle(GetCustomer request, CancellationToken cancellationToken) =>
            Task.FromResult(data.Customers.Single(c => c.Id == request.Id));
    }

    public sealed record ListCustomers : IQuery<IReadOnlyList<(Guid Id, Customer Customer)>>;

    /// <summary>Handler rule: the entity hides in a tuple inside a collection.</summary>
    internal sealed class ListCustomersHandler(ISalesData data) : IQueryHandler<ListCustomers, IReadOnlyList<(Guid Id, Customer Customer)>>
    {
        public Task<IReadOnlyList<(Guid Id, Customer Customer)>> Handle(ListCustomers request, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<(Guid Id, Customer Customer)>>([.. data.Customers.Select(c => new ValueTuple<Guid, Customer>(c.Id, c))]);
    }

    /// <summary>A collection class of entities.</summary>
    public sealed class CustomerBatch : List<Customer>;

    public sealed record ExportCustomers : IQuery<CustomerBatch>;

    /// <summary>Handler rule: the entity is the element of a collection class.</summary>
    internal sealed class ExportCustomersHandler(ISalesData data) : IQueryHandler<ExportCustomers, CustomerBatch>
    {
        public Task<CustomerBatch> Handle(ExportCustomers request, CancellationToken cancellationToken) =>
            Task.FromResult<CustomerBatch>([.. data.Customers]);
    }

    public sealed record RenameCustomer(Guid Id, string Name) : ICommand<CustomerRow>;

    /// <summary>Handler rule: public.</summary>
    public sealed class RenameCustomerHandler : ICommandHandler<RenameCustomer, CustomerRow>
    {
        public Task<CustomerRow> Handle(RenameCustomer request, CancellationToken cancellationToken) =>
            Task.FromResult(new CustomerRow(request.Id, request.Name));
    }

    public sealed record ArchiveCustomer(Guid Id) : ICommand<bool>;

    /// <summary>Handler rule: not sealed.</summary>
    internal class ArchiveCustomerHandler : ICommandHandler<ArchiveCustomer, bool>
    {
        public Task<bool> Handle(ArchiveCustomer request, CancellationToken cancellationToken) => Task.FromResult(true);
    }

    /// <summary>Lawful validator.</summary>
    internal sealed class RenameCustomerValidator : AbstractValidator<RenameCustomer>
    {
        public RenameCustomerValidator() => RuleFor(c => c.Name).NotEmpty();
    }

    /// <summary>Validator rule: its name does not end in Validator.</summary>
    internal sealed class RenameCustomerRules : AbstractValidator<RenameCustomer>
    {
        public RenameCustomerRules() => RuleFor(c => c.Name).MaximumLength(100);
    }

    /// <summary>Validator rule: public.</summary>
    public sealed class FindCustomerValidator : AbstractValidator<FindCustomer>
    {
        public FindCustomerValidator() => RuleFor(c => c.Id).NotEmpty();
    }

    /// <summary>Request rule: a class with a public setter, not a record.</summary>
    public sealed class MergeCustomers : ICommand<bool>
    {
        public Guid Into { get; set; }
    }

    /// <summary>Request rule: a record, but with a public setter.</summary>
    public sealed record TagCustomer(Guid Id) : ICommand<bool>
    {
        public string Tag { get; set; } = "";
    }

    /// <summary>Layer rule: EF's relational API, inside an async method.</summary>
    public sealed class CustomerExport
    {
        public async Task<bool> CanExportAsync(DbContext db)
        {
            await Task.Yield();
            return db.Database.IsRelational();
        }
    }

    /// <summary>Layer rule: infrastructure, inside a lambda.</summary>
    public sealed class CustomerCache
    {
        public Func<object> Store() => () => new SalesCache();
    }

    /// <summary>Layer rule: the web host.</summary>
    public sealed class CustomerLinks
    {
        public string Link(Guid id) => Routes.Customer(id);
    }
}

namespace Paylent.ArchitectureTests.Fixtures.Application.Billing
{
    using Paylent.Application.Common.Messaging;
    using Paylent.ArchitectureTests.Fixtures.Application.Common.Persistence;
    using Paylent.ArchitectureTests.Fixtures.Application.Sales;
    using Paylent.ArchitectureTests.Fixtures.Application.Sales.Contracts;
    using Paylent.ArchitectureTests.Fixtures.Domain.Sales;

    public sealed record RefundRequested(Guid CustomerId);

    public sealed record ChargeCustomer(Guid CustomerId) : ICommand<bool>;

    /// <summary>Lawful: another module through its contract, inside an async method, and the shared building blocks.</summary>
    internal sealed class ChargeCustomerHandler(ICustomerDirectory customers, ShopScope scope) : ICommandHandler<ChargeCustomer, bool>
    {
        public async Task<bool> Handle(ChargeCustomer request, CancellationToken cancellationToken) =>
            scope.StoreId is not null && await customers.FindAsync(request.CustomerId, cancellationToken) is { Name.Length: > 0 };
    }

    /// <summary>Module rule: another module's DTO outside its contracts, inside an async method.</summary>
    public sealed class BillingRun
    {
        public async Task<string> NameAsync(Guid id)
        {
            await Task.Yield();
            return new CustomerRow(id, "n").Name;
        }
    }

    /// <summary>Module rule: another module's data port, inside a lambda.</summary>
    public sealed class DunningLetters(IServiceProvider services)
    {
        public Func<object?> Data() => () => services.GetService(typeof(ISalesData));
    }

    /// <summary>Module rule: another module's DTO, inside an async lambda.</summary>
    public sealed class CreditCheck
    {
        public Func<Guid, Task<string>> Check() => async id =>
        {
            await Task.Yield();
            return new CustomerRow(id, "n").Name;
        };
    }

    /// <summary>Module rule: another module's domain type, even beside its contract.</summary>
    public sealed class InvoiceTotals
    {
        public Func<Customer, CustomerSummary> Summary() => c => new CustomerSummary(c.Id, c.Name);
    }
}

// Rule breakers for the domain rules: each says the rule it breaks and where the use hides (a
// signature, an async method, a lambda...). The rest are lawful neighbours the rules must let pass.
namespace Paylent.ArchitectureTests.Fixtures.Domain.Sales
{
    using Paylent.Domain.Common;

    public sealed class Customer : AggregateRoot
    {
        public string Name { get; private set; } = "";

        public static Customer Register(string name) => new() { Name = name };
    }
}

namespace Paylent.ArchitectureTests.Fixtures.Domain.Common
{
    public sealed record Money(decimal Amount);
}

namespace Paylent.ArchitectureTests.Fixtures.Domain.Billing
{
    using Microsoft.EntityFrameworkCore;
    using Paylent.ArchitectureTests.Fixtures.Application.Billing;
    using Paylent.ArchitectureTests.Fixtures.Domain.Common;
    using Paylent.ArchitectureTests.Fixtures.Domain.Sales;

    /// <summary>Module rule: holds another module's entity instead of its id, in its signature.</summary>
    public sealed class Invoice(Customer customer)
    {
        public Customer Customer { get; } = customer;

        public Money Total { get; } = new(0);
    }

    /// <summary>Lawful: refers to the other module by id.</summary>
    public sealed class Receipt(Guid customerId)
    {
        public Guid CustomerId { get; } = customerId;
    }

    /// <summary>Module rule: another module's type inside an async method only.</summary>
    public sealed class Dunning
    {
        public async Task<string> NoticeAsync(string name)
        {
            await Task.Yield();
            return Customer.Register(name).Name;
        }
    }

    /// <summary>Module rule: inside a lambda only.</summary>
    public sealed class LateFee
    {
        public Func<string, string> Namer() => name => Customer.Register(name).Name;
    }

    /// <summary>Module rule: inside an async lambda only (its state machine sits in the lambda's closure class).</summary>
    public sealed class Reminder
    {
        public Func<string, Task<string>> Sender() => async name =>
        {
            await Task.Yield();
            return Customer.Register(name).Name;
        };
    }

    /// <summary>Module rule: inside an iterator only.</summary>
    public sealed class Statement
    {
        public IEnumerable<string> Lines(IEnumerable<string> names)
        {
            foreach (var name in names)
            {
                yield return Customer.Register(name).Name;
            }
        }
    }

    /// <summary>Module rule: inside a local function that captures a local.</summary>
    public sealed class Ledger
    {
        public string Entry(string prefix)
        {
            return Describe("entry");

            string Describe(string name) => prefix + Customer.Register(name).Name;
        }
    }

    /// <summary>Layer rule: the domain calling up into the application, inside a lambda.</summary>
    public sealed class Refund
    {
        public Func<Guid, object> Requester() => id => new RefundRequested(id);
    }

    /// <summary>Layer rule: EF in the domain, inside an async method.</summary>
    public sealed class TaxTable
    {
        public async Task<int> CountAsync(IQueryable<Money> rates) => await rates.CountAsync();
    }

    /// <summary>Sealed-or-abstract rule: an open domain class.</summary>
    public class OpenLedger
    {
        public Money Balance { get; } = new(0);
    }
}

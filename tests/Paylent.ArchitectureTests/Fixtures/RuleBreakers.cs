// Deliberate rule breakers: the architecture tests run their rules on these to prove the rules bite.
namespace Paylent.ArchitectureTests.Fixtures.Sales
{
    public sealed class Customer
    {
        public Guid Id { get; } = Guid.NewGuid();
    }
}

namespace Paylent.ArchitectureTests.Fixtures.Billing
{
    using Paylent.ArchitectureTests.Fixtures.Common;
    using Paylent.ArchitectureTests.Fixtures.Sales;

    /// <summary>Holds another module's entity instead of its id: the violation.</summary>
    public sealed class Invoice(Customer customer)
    {
        public Customer Customer { get; } = customer;

        public Money Total { get; } = new(0);
    }

    /// <summary>Refers to the other module by id: allowed.</summary>
    public sealed class Receipt(Guid customerId)
    {
        public Guid CustomerId { get; } = customerId;
    }
}

namespace Paylent.ArchitectureTests.Fixtures.Common
{
    public sealed record Money(decimal Amount);
}

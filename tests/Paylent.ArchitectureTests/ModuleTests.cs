using Paylent.Domain.Common;

namespace Paylent.ArchitectureTests;

public sealed class ModuleTests
{
    [Fact]
    public void Domain_modules_refer_to_each_other_by_id_only()
    {
        Assert.Empty(Architecture.CrossModuleUses(Architecture.Load(typeof(Entity)), "Paylent.Domain"));
    }

    [Fact]
    public void The_module_rule_sees_a_domain_type_reaching_into_another_module()
    {
        var violations = Architecture.CrossModuleUses(Architecture.Load(typeof(ModuleTests)), "Paylent.ArchitectureTests.Fixtures");

        Assert.Equal(
            [
                "Paylent.ArchitectureTests.Fixtures.Billing.Invoice uses Paylent.ArchitectureTests.Fixtures.Sales.Customer",
            ],
            violations.Distinct());
    }
}

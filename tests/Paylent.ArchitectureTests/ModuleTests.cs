namespace Paylent.ArchitectureTests;

public sealed class ModuleTests
{
    [Fact]
    public void Every_module_namespace_is_under_the_module_rules()
    {
        string[] expected = [.. Codebase.Paylent.Modules.Append(Codebase.Shared).Order(StringComparer.Ordinal)];

        Assert.Equal(expected, Codebase.Paylent.Domain.ModuleNamespaces().Order(StringComparer.Ordinal));
        Assert.Equal(expected, Codebase.Paylent.Application.ModuleNamespaces().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Domain_modules_refer_to_each_other_by_id_only() =>
        Expect.None(Rules.DomainModuleUses(Codebase.Paylent));

    [Fact]
    public void Domain_module_rule_fails_every_type_reaching_into_another_module_wherever_the_use_hides() =>
        Assert.Equal(
            [
                "Paylent.ArchitectureTests.Fixtures.Domain.Billing.Dunning",
                "Paylent.ArchitectureTests.Fixtures.Domain.Billing.Invoice",
                "Paylent.ArchitectureTests.Fixtures.Domain.Billing.LateFee",
                "Paylent.ArchitectureTests.Fixtures.Domain.Billing.Ledger",
                "Paylent.ArchitectureTests.Fixtures.Domain.Billing.Reminder",
                "Paylent.ArchitectureTests.Fixtures.Domain.Billing.Statement",
            ],
            Rules.DomainModuleUses(Codebase.RuleBreakers));

    [Fact]
    public void Application_modules_use_each_other_only_through_contracts() =>
        Expect.None(Rules.ApplicationModuleUses(Codebase.Paylent));

    [Fact]
    public void Application_module_rule_fails_every_type_using_another_module_outside_its_contracts() =>
        Assert.Equal(
            [
                "Paylent.ArchitectureTests.Fixtures.Application.Billing.BillingRun",
                "Paylent.ArchitectureTests.Fixtures.Application.Billing.CreditCheck",
                "Paylent.ArchitectureTests.Fixtures.Application.Billing.DunningLetters",
                "Paylent.ArchitectureTests.Fixtures.Application.Billing.InvoiceTotals",
            ],
            Rules.ApplicationModuleUses(Codebase.RuleBreakers));
}

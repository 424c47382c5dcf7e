namespace Paylent.ArchitectureTests;

public sealed class ConventionTests
{
    [Fact]
    public void Handlers_are_internal_and_sealed()
    {
        Assert.NotEmpty(Rules.Handlers(Codebase.Paylent).GetTypes());
        Expect.None(Rules.HandlerShape(Codebase.Paylent));
    }

    [Fact]
    public void Handler_rule_fails_a_public_handler_and_an_unsealed_one() =>
        Assert.Equal(
            [
                "Paylent.ArchitectureTests.Fixtures.Application.Sales.ArchiveCustomerHandler",
                "Paylent.ArchitectureTests.Fixtures.Application.Sales.RenameCustomerHandler",
            ],
            Rules.HandlerShape(Codebase.RuleBreakers));

    [Fact]
    public void Handlers_answer_dtos_never_entities() =>
        Expect.None(Rules.HandlerResponses(Codebase.Paylent));

    [Fact]
    public void Response_rule_fails_a_handler_answering_an_entity_even_inside_a_tuple_in_a_collection() =>
        Assert.Equal(
            [
                "Paylent.ArchitectureTests.Fixtures.Application.Sales.ExportCustomersHandler",
                "Paylent.ArchitectureTests.Fixtures.Application.Sales.GetCustomerHandler",
                "Paylent.ArchitectureTests.Fixtures.Application.Sales.ListCustomersHandler",
            ],
            Rules.HandlerResponses(Codebase.RuleBreakers));

    [Fact]
    public void Validators_end_in_Validator_and_are_internal()
    {
        Assert.NotEmpty(Rules.Validators(Codebase.Paylent).GetTypes());
        Expect.None(Rules.ValidatorShape(Codebase.Paylent));
    }

    [Fact]
    public void Validator_rule_fails_a_misnamed_validator_and_a_public_one() =>
        Assert.Equal(
            [
                "Paylent.ArchitectureTests.Fixtures.Application.Sales.FindCustomerValidator",
                "Paylent.ArchitectureTests.Fixtures.Application.Sales.RenameCustomerRules",
            ],
            Rules.ValidatorShape(Codebase.RuleBreakers));

    [Fact]
    public void Requests_are_immutable_records()
    {
        Assert.NotEmpty(Rules.Requests(Codebase.Paylent).GetTypes());
        Expect.None(Rules.RequestShape(Codebase.Paylent));
    }

    [Fact]
    public void Request_rule_fails_a_mutable_class_and_a_record_with_a_setter() =>
        Assert.Equal(
            [
                "Paylent.ArchitectureTests.Fixtures.Application.Sales.MergeCustomers",
                "Paylent.ArchitectureTests.Fixtures.Application.Sales.TagCustomer",
            ],
            Rules.RequestShape(Codebase.RuleBreakers));

    [Fact]
    public void Domain_classes_are_sealed_or_abstract() =>
        Expect.None(Rules.OpenDomainClasses(Codebase.Paylent));

    [Fact]
    public void Sealed_rule_fails_an_open_domain_class() =>
        Assert.Equal(
            ["Paylent.ArchitectureTests.Fixtures.Domain.Billing.OpenLedger"],
            Rules.OpenDomainClasses(Codebase.RuleBreakers));
}

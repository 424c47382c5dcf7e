namespace Paylent.ArchitectureTests;

public sealed class LayerTests
{
    [Fact]
    public void Domain_depends_on_no_other_layer_and_no_framework() =>
        Expect.None(Rules.DomainDependencies(Codebase.Paylent));

    [Fact]
    public void Domain_rule_fails_the_domain_types_that_use_the_application_or_ef() =>
        Assert.Equal(
            [
                "Paylent.ArchitectureTests.Fixtures.Domain.Billing.Refund",
                "Paylent.ArchitectureTests.Fixtures.Domain.Billing.TaxTable",
            ],
            Rules.DomainDependencies(Codebase.RuleBreakers));

    [Fact]
    public void Application_depends_only_on_the_domain_and_the_ef_core_api() =>
        Expect.None(Rules.ApplicationDependencies(Codebase.Paylent));

    [Fact]
    public void Application_rule_fails_the_types_that_use_infrastructure_the_web_host_or_relational_ef() =>
        Assert.Equal(
            [
                "Paylent.ArchitectureTests.Fixtures.Application.Sales.CustomerCache",
                "Paylent.ArchitectureTests.Fixtures.Application.Sales.CustomerExport",
                "Paylent.ArchitectureTests.Fixtures.Application.Sales.CustomerLinks",
            ],
            Rules.ApplicationDependencies(Codebase.RuleBreakers));

    [Fact]
    public void Infrastructure_does_not_depend_on_the_web_host() =>
        Expect.None(Rules.InfrastructureDependencies(Codebase.Paylent));

    [Fact]
    public void Infrastructure_rule_fails_the_type_that_calls_the_web_host() =>
        Assert.Equal(
            ["Paylent.ArchitectureTests.Fixtures.Infrastructure.WebhookRelay"],
            Rules.InfrastructureDependencies(Codebase.RuleBreakers));

    [Fact]
    public void Web_host_never_touches_a_data_port()
    {
        Assert.Contains("Paylent.Application.OAuth.IOAuthData", Rules.DataPorts(Codebase.Paylent));
        Assert.Contains("Paylent.Application.Identity.IIdentityData", Rules.DataPorts(Codebase.Paylent));
        Assert.Contains("Paylent.Infrastructure.Persistence.PaylentDbContext", Rules.DataPorts(Codebase.Paylent));
        Expect.None(Rules.WebDataPortUses(Codebase.Paylent));
    }

    [Fact]
    public void Data_ports_are_the_persistence_interfaces_the_data_interfaces_and_the_db_contexts() =>
        Assert.Equal(
            [
                "Microsoft.EntityFrameworkCore.DbContext",
                "Paylent.ArchitectureTests.Fixtures.Application.Common.Persistence.IShopDbContext",
                "Paylent.ArchitectureTests.Fixtures.Application.Sales.ISalesData",
                "Paylent.ArchitectureTests.Fixtures.Infrastructure.ShopDbContext",
            ],
            Rules.DataPorts(Codebase.RuleBreakers).Order(StringComparer.Ordinal));

    [Fact]
    public void Web_rule_fails_the_web_types_that_touch_a_data_port() =>
        Assert.Equal(
            [
                "Paylent.ArchitectureTests.Fixtures.Web.CheckoutEndpoint",
                "Paylent.ArchitectureTests.Fixtures.Web.CustomersPage",
                "Paylent.ArchitectureTests.Fixtures.Web.HealthProbe",
            ],
            Rules.WebDataPortUses(Codebase.RuleBreakers));

    [Fact]
    public void Dashboard_and_hosted_pages_never_use_each_other()
    {
        var web = Codebase.Paylent.Web;
        Assert.Equal(["Dashboard", "Hosted"], web.Areas());
        Assert.Contains(web.Area("Hosted").GetTypes(), t => t.Name == "Areas_Hosted_Views_Account_Index");
        Assert.Contains(web.Area("Dashboard").GetTypes(), t => t.Name == "Areas_Dashboard_Views_Users_Index");
        Expect.None(Rules.AreaUses(Codebase.Paylent));
    }

    [Fact]
    public void Area_rule_fails_every_type_and_view_of_an_area_using_another_area_wherever_the_use_hides() =>
        Assert.Equal(
            [
                "Paylent.ArchitectureTests.Fixtures.Web.Areas.Admin.Refunds.RefundForm",
                "Paylent.ArchitectureTests.Fixtures.Web.Areas.Shop.CartPage",
                "Paylent.ArchitectureTests.Fixtures.Web.Areas_Shop_Views_Cart_Index",
            ],
            Rules.AreaUses(Codebase.RuleBreakers));
}

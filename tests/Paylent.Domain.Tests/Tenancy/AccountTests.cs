using Paylent.Domain.Common;
using Paylent.Domain.Tenancy;

namespace Paylent.Domain.Tests.Tenancy;

public sealed class AccountTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("acme")]
    [InlineData("my-company")]
    [InlineData("a1")]
    public void Account_accepts_dns_label_slugs(string slug) =>
        Assert.Equal(slug, Account.Create(slug, "Acme", Now).Slug);

    [Theory]
    [InlineData("")]
    [InlineData("Acme")]
    [InlineData("-acme")]
    [InlineData("acme-")]
    [InlineData("ac me")]
    [InlineData("acme.example")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijx")]
    public void Account_rejects_slugs_that_are_not_lower_case_dns_labels(string slug)
    {
        var error = Assert.Throws<DomainException>(() => Account.Create(slug, "Acme", Now));
        Assert.Equal("invalid_slug", error.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Account_requires_a_name(string name) =>
        Assert.Equal("invalid_name", Assert.Throws<DomainException>(() => Account.Create("acme", name, Now)).Code);

    [Fact]
    public void Environment_slugs_have_no_hyphen_so_host_labels_split_unambiguously()
    {
        var account = Account.Create("my-company", "My Company", Now);
        Assert.Equal("invalid_slug", Assert.Throws<DomainException>(() => account.AddEnvironment("eu-west", Now)).Code);

        var environment = account.AddEnvironment("staging", Now);
        Assert.Equal(account.Id, environment.AccountId);
        Assert.Equal("my-company-staging", PaylentEnvironment.HostLabel(account.Slug, environment.Slug));
    }

    [Fact]
    public void Environment_host_label_must_fit_a_dns_label()
    {
        var account = Account.Create(new string('a', 40), "Long", Now);
        Assert.Throws<DomainException>(() => account.AddEnvironment(new string('b', 23), Now));
        Assert.NotNull(account.AddEnvironment(new string('b', 22), Now));
    }

    [Fact]
    public void Ids_are_time_ordered_version_7_guids()
    {
        var first = Account.Create("first", "First", Now);
        Assert.Equal(7, first.Id.Version);
    }
}

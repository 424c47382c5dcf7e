using Paylent.Domain.Common;
using Paylent.Domain.Organizations;

namespace Paylent.Domain.Tests.Organizations;

public sealed class OrganizationTests
{
    private static readonly DateTime Now = new(2026, 12, 4, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Guid EnvironmentId = Guid.CreateVersion7();
    private static readonly Guid Owner = Guid.CreateVersion7();
    private static readonly Guid Viewer = Guid.CreateVersion7();

    private static Organization NewOrganization(string? metadata = null) => Organization.Create(EnvironmentId, "acme", "Acme", metadata, Now);

    [Theory]
    [InlineData("acme", true)]
    [InlineData("acme-2", true)]
    [InlineData("-", true)]
    [InlineData("Acme", false)]
    [InlineData("acme_corp", false)]
    [InlineData("acme corp", false)]
    [InlineData("", false)]
    public void An_organization_slug_is_lower_case_letters_digits_and_hyphens(string slug, bool valid) =>
        Assert.Equal(valid, Organization.IsSlug(slug));

    [Fact]
    public void An_organization_slug_is_at_most_50_characters()
    {
        Assert.True(Organization.IsSlug(new string('a', 50)));
        Assert.Equal("invalid_slug", Assert.Throws<DomainException>(() => Organization.Create(EnvironmentId, new string('a', 51), "A", null, Now)).Code);
    }

    [Fact]
    public void Metadata_is_a_compact_json_object_and_blank_is_empty()
    {
        Assert.Equal("{}", NewOrganization().Metadata);
        Assert.Equal("""{"plan":"pro","seats":[1,2]}""", NewOrganization("""{ "plan": "pro", "seats": [1, 2] }""").Metadata);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("{not json")]
    [InlineData("""{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":1}}}}}}}}}""")]
    public void Metadata_that_is_no_object_or_too_deep_is_refused(string metadata) =>
        Assert.Equal("invalid_metadata", Assert.Throws<DomainException>(() => NewOrganization(metadata)).Code);

    [Fact]
    public void Metadata_is_bounded_in_bytes()
    {
        var fits = $$"""{"a":"{{new string('x', Organization.MaxMetadataBytes - 8)}}"}""";
        Assert.Equal(Organization.MaxMetadataBytes, NewOrganization(fits).Metadata.Length);
        var over = $$"""{"a":"{{new string('x', Organization.MaxMetadataBytes - 7)}}"}""";
        Assert.Equal("invalid_metadata", Assert.Throws<DomainException>(() => NewOrganization(over)).Code);
    }

    [Fact]
    public void Giving_up_the_last_owner_is_refused_and_otherwise_writes_the_organization()
    {
        var organization = NewOrganization();
        Assert.Equal("last_owner", Assert.Throws<DomainException>(() => organization.ReleaseOwner(anotherActiveOwnerRemains: false, Now.AddMinutes(1))).Code);
        Assert.Equal(Now, organization.UpdatedAt);

        organization.ReleaseOwner(anotherActiveOwnerRemains: true, Now.AddMinutes(1));
        Assert.Equal(Now.AddMinutes(1), organization.UpdatedAt);
    }

    [Fact]
    public void A_member_stops_owning_when_deactivated_or_demoted_but_not_otherwise()
    {
        var membership = Membership.Create(NewOrganization(), Guid.CreateVersion7(), [Owner, Viewer], Now);
        Assert.True(membership.IsActiveOwner(Owner));
        Assert.True(membership.WouldStopOwning(Owner, MembershipStatus.Inactive, [Owner]));
        Assert.True(membership.WouldStopOwning(Owner, MembershipStatus.Active, [Viewer]));
        Assert.False(membership.WouldStopOwning(Owner, MembershipStatus.Active, [Owner]));

        var viewer = Membership.Create(NewOrganization(), Guid.CreateVersion7(), [Viewer], Now);
        Assert.False(viewer.WouldStopOwning(Owner, MembershipStatus.Inactive, []));
    }

    [Fact]
    public void A_membership_holds_a_bounded_set_of_distinct_roles()
    {
        var membership = Membership.Create(NewOrganization(), Guid.CreateVersion7(), [Owner, Owner, Viewer], Now);
        Assert.Equal([Owner, Viewer], membership.RoleIds);
        var many = Enumerable.Range(0, Membership.MaxRoles + 1).Select(_ => Guid.CreateVersion7()).ToList();
        Assert.Equal("too_many_roles", Assert.Throws<DomainException>(() => membership.SetRoles(many, Now)).Code);
        Assert.True(membership.DropRoles([Viewer], Now));
        Assert.Equal([Owner], membership.RoleIds);
        Assert.False(membership.DropRoles([Viewer], Now));
    }
}

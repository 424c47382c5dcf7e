using Paylent.Domain.Access;
using Paylent.Domain.Common;

namespace Paylent.Domain.Tests.Access;

public sealed class AccessTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Guid EnvironmentId = Guid.CreateVersion7();

    private static Role NewRole(string slug, string? clientId = null, params string[] permissions)
    {
        var role = Role.Create(EnvironmentId, slug, slug, null, clientId, Now);
        role.AddPermissions(permissions, Now);
        return role;
    }

    [Theory]
    [InlineData("invoices:read", true)]
    [InlineData("invoices:*", true)]
    [InlineData("billing.v2:lines-edit_x", true)]
    [InlineData("Invoices:read", false)]
    [InlineData("invoices::read", false)]
    [InlineData(":read", false)]
    [InlineData("invoices read", false)]
    [InlineData("", false)]
    public void A_permission_slug_is_lower_case_segments(string slug, bool valid) =>
        Assert.Equal(valid, AccessSlugs.IsPermission(slug));

    [Fact]
    public void A_permission_slug_is_at_most_100_characters()
    {
        Assert.True(AccessSlugs.IsPermission(new string('a', 100)));
        Assert.False(AccessSlugs.IsPermission(new string('a', 101)));
        Assert.Equal("invalid_slug", Assert.Throws<DomainException>(() => Permission.Create(EnvironmentId, new string('a', 101), null, Now)).Code);
    }

    [Fact]
    public void A_role_slug_keeps_its_case_and_normalizes_for_uniqueness()
    {
        var role = Role.Create(EnvironmentId, "ROLE_ADMIN", "Admin", null, null, Now);
        Assert.Equal("ROLE_ADMIN", role.Slug);
        Assert.Equal("role_admin", role.NormalizedSlug);
        Assert.Equal("invalid_slug", Assert.Throws<DomainException>(() => Role.Create(EnvironmentId, "role admin", "x", null, null, Now)).Code);
    }

    [Theory]
    [InlineData("invoices:*", "invoices:read", true)]
    [InlineData("invoices:*", "invoices:lines:write", true)]
    [InlineData("invoices:*", "invoices", false)]
    [InlineData("invoices:*", "orders:read", false)]
    [InlineData("*:read", "orders:read", true)]
    [InlineData("*:read", "orders:write", false)]
    [InlineData("*", "anything:at:all", true)]
    [InlineData("invoices:read", "invoices:read", true)]
    [InlineData("invoices:re*", "invoices:read", false)]
    public void A_star_segment_covers_any_segment_and_a_trailing_one_the_rest(string granted, string checkedPermission, bool covers) =>
        Assert.Equal(covers, AccessSlugs.Covers(granted, checkedPermission));

    [Fact]
    public void A_cycle_through_three_roles_is_refused()
    {
        var (a, b, c) = (NewRole("a"), NewRole("b"), NewRole("c"));
        a.Include([b], RoleGraph.Of([a, b, c]), Now);
        b.Include([c], RoleGraph.Of([a, b, c]), Now);
        var error = Assert.Throws<DomainException>(() => c.Include([a], RoleGraph.Of([a, b, c]), Now));
        Assert.Equal("role_cycle", error.Code);
        Assert.Empty(c.IncludedRoleIds);
        Assert.Equal("role_cycle", Assert.Throws<DomainException>(() => a.Include([a], RoleGraph.Of([a, b, c]), Now)).Code);
    }

    [Fact]
    public void Effective_permissions_follow_included_roles_transitively_and_name_their_roles()
    {
        var (top, middle, leaf) = (NewRole("top", null, "a:read"), NewRole("middle", null, "b:read"), NewRole("leaf", null, "c:read", "a:read"));
        middle.Include([leaf], RoleGraph.Of([top, middle, leaf]), Now);
        top.Include([middle], RoleGraph.Of([top, middle, leaf]), Now);

        var access = RoleGraph.Of([top, middle, leaf]).Resolve([top.Id], "app");

        Assert.Equal(["leaf", "middle", "top"], access.Roles);
        Assert.Equal(["a:read", "b:read", "c:read"], access.Permissions.Select(p => p.Slug));
        Assert.Equal(["leaf", "top"], access.Permissions[0].Via);
        Assert.Equal(["leaf", "top"], access.Granting("a:read"));
        Assert.Empty(access.Granting("d:read"));
    }

    [Fact]
    public void A_client_role_reaches_only_its_clients_tokens()
    {
        var (everywhere, appOnly) = (NewRole("everywhere", null, "a:read"), NewRole("app-only", "app", "b:read"));
        var graph = RoleGraph.Of([everywhere, appOnly]);

        Assert.Equal(["app-only", "everywhere"], graph.Resolve([everywhere.Id, appOnly.Id], "app").Roles);
        Assert.Equal(["everywhere"], graph.Resolve([everywhere.Id, appOnly.Id], "other").Roles);
        Assert.Equal(["a:read"], graph.Resolve([everywhere.Id, appOnly.Id], null).Permissions.Select(p => p.Slug));
    }

    [Fact]
    public void A_graph_resolves_each_set_of_roles_once_per_client_whatever_the_order_and_a_changed_role_makes_a_new_graph()
    {
        var (everywhere, appOnly) = (NewRole("everywhere", null, "a:read"), NewRole("app-only", "app", "b:read"));
        var graph = RoleGraph.Of([everywhere, appOnly]);

        var first = graph.Resolve([everywhere.Id, appOnly.Id], "app");
        Assert.Same(first, graph.Resolve([appOnly.Id, everywhere.Id, appOnly.Id], "app"));
        Assert.Same(first.PermissionSlugs, graph.Resolve([everywhere.Id, appOnly.Id], "app").PermissionSlugs);
        Assert.Equal(["a:read", "b:read"], first.PermissionSlugs);
        Assert.Equal(["everywhere"], graph.Resolve([everywhere.Id, appOnly.Id], "other").Roles);

        everywhere.AddPermissions(["c:read"], Now);
        Assert.Equal(["a:read", "b:read"], graph.Resolve([everywhere.Id, appOnly.Id], "app").PermissionSlugs);
        Assert.Equal(["a:read", "b:read", "c:read"], RoleGraph.Of([everywhere, appOnly]).Resolve([everywhere.Id, appOnly.Id], "app").PermissionSlugs);
    }

    [Fact]
    public void A_role_includes_only_roles_for_every_client_or_its_own()
    {
        var (environmentWide, appRole, otherRole) = (NewRole("env"), NewRole("app-role", "app"), NewRole("other-role", "other"));
        var graph = RoleGraph.Of([environmentWide, appRole, otherRole]);

        Assert.Equal("client_scope_mismatch", Assert.Throws<DomainException>(() => environmentWide.Include([appRole], graph, Now)).Code);
        Assert.Equal("client_scope_mismatch", Assert.Throws<DomainException>(() => appRole.Include([otherRole], graph, Now)).Code);
        appRole.Include([environmentWide], graph, Now);
        Assert.Equal([environmentWide.Id], appRole.IncludedRoleIds);
    }

    [Fact]
    public void An_assignment_takes_a_place_numbered_from_one()
    {
        var role = NewRole("reader", null);
        Assert.Equal(7, RoleAssignment.ToUser(role, Guid.NewGuid(), slot: 7, Now).Slot);
        Assert.Throws<ArgumentOutOfRangeException>(() => RoleAssignment.ToUser(role, Guid.NewGuid(), slot: 0, Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => RoleAssignment.ToClient(role, "app", slot: -1, Now));
    }

    [Fact]
    public void A_client_role_is_refused_to_another_clients_service_account()
    {
        var appRole = NewRole("app-role", "app");
        Assert.Equal("client_scope_mismatch", Assert.Throws<DomainException>(() => RoleAssignment.ToClient(appRole, "other", slot: 1, Now)).Code);
        Assert.Equal("app", RoleAssignment.ToClient(appRole, "app", slot: 1, Now).ClientId);
    }

    [Fact]
    public void Permission_changes_name_their_audit_actions_and_ignore_what_changes_nothing()
    {
        var role = NewRole("r");
        Assert.Equal(2, role.AddPermissions(["a:read", "b:read", "a:read"], Now));
        Assert.Equal(0, role.AddPermissions(["a:read"], Now));
        Assert.Equal(1, role.RemovePermissions(["a:read", "z:read"], Now));
        Assert.Equal(["role.permission_added", "role.permission_removed"], role.DomainEvents.Select(e => e.Action));
        Assert.Equal(["b:read"], role.Permissions);
    }

    [Fact]
    public void A_role_holds_at_most_500_permissions_of_its_own()
    {
        var role = NewRole("r");
        role.AddPermissions(Enumerable.Range(0, Role.MaxPermissions).Select(i => $"p:{i}"), Now);
        Assert.Equal("too_many_permissions", Assert.Throws<DomainException>(() => role.AddPermissions(["p:extra"], Now)).Code);
        Assert.Equal(Role.MaxPermissions, role.Permissions.Count);
    }
}

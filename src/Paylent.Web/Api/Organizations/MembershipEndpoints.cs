using Paylent.Application.Access.Contracts;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Organizations;
using Paylent.Application.Organizations.Memberships;
using Paylent.Domain.Organizations;
using Paylent.Web.Api.JsonApi;
using Paylent.Web.Api.Roles;

namespace Paylent.Web.Api.Organizations;

/// <summary>
/// <c>/api/organizations/{id}/memberships</c>: the <c>membership</c> resource (<c>user_id</c>, set on
/// create; <c>status</c>, <c>active</c> or <c>inactive</c>) with its organization roles as the to-many
/// relationship <c>roles</c>: given with the resource (create; PATCH replaces the set), or changed
/// through <c>.../memberships/{id}/relationships/roles</c> (POST adds, DELETE removes).
/// </summary>
public static class MembershipEndpoints
{
    public const string Type = "membership";

    private static readonly HashSet<string> Writable = ["user_id", "status"];

    public static void MapMemberships(this RouteGroupBuilder organizations)
    {
        var memberships = organizations.MapGroup("/{organizationId:guid}/memberships");
        memberships.MapGet("/", List);
        memberships.MapGet("/{id:guid}", Get);
        memberships.MapPost("/", Create);
        memberships.MapPatch("/{id:guid}", Update);
        memberships.MapDelete("/{id:guid}", Delete);
        memberships.MapGet("/{id:guid}/relationships/roles", Roles);
        memberships.MapPost("/{id:guid}/relationships/roles", AddRoles);
        memberships.MapDelete("/{id:guid}/relationships/roles", RemoveRoles);
    }

    private static async Task<IResult> List(Guid organizationId, HttpRequest request, IDispatcher dispatcher)
    {
        var userId = QueryFilters.Read(request, "user_id");
        var query = new ListMemberships(
            organizationId,
            userId is null ? null : Guid.TryParse(userId, out var id) ? id : throw JsonApiException.BadParameter("filter[user_id]", "filter[user_id] must be an id."),
            StatusFilter(request),
            Paging.Read(request));
        var page = await dispatcher.Send(query, request.HttpContext.RequestAborted);
        return JsonApiResults.Document(page.Items.Select(m => Resource(request, m)).ToList(), links: Paging.Links(request, page));
    }

    private static async Task<IResult> Get(Guid organizationId, Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new GetMembership(organizationId, id), request.HttpContext.RequestAborted)));

    private static async Task<IResult> Create(Guid organizationId, HttpRequest request, IDispatcher dispatcher)
    {
        var document = await ResourceDocument.ReadAsync(request, Type, Writable);
        var userId = document.Guid("user_id") ?? throw JsonApiException.BadAttribute("user_id", "A membership needs a \"user_id\".");
        var command = new AddMember(
            organizationId, userId, document.Enum("status", MembershipStatus.Active),
            document.Relationship("roles", RoleEndpoints.Type, OrganizationLimits.MaxRolesPerRequest) ?? []);
        var created = await dispatcher.Send(command, request.HttpContext.RequestAborted);
        return JsonApiResults.Document(Resource(request, created), StatusCodes.Status201Created, location: Self(request, created));
    }

    private static async Task<IResult> Update(Guid organizationId, Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        var document = await ResourceDocument.ReadAsync(request, Type, Writable);
        if (document.Has("user_id"))
        {
            throw JsonApiException.BadAttribute("user_id", "A membership's user is immutable: remove it and add the other user instead.");
        }

        var command = new UpdateMembership(
            organizationId, id, document.Has("status") ? document.Enum("status", MembershipStatus.Active) : null,
            document.Relationship("roles", RoleEndpoints.Type, OrganizationLimits.MaxRolesPerRequest));
        return JsonApiResults.Document(Resource(request, await dispatcher.Send(command, request.HttpContext.RequestAborted)));
    }

    private static async Task<IResult> Delete(Guid organizationId, Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        await dispatcher.Send(new RemoveMember(organizationId, id), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(null, StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> Roles(Guid organizationId, Guid id, HttpRequest request, IDispatcher dispatcher) =>
        Linkage(request, await dispatcher.Send(new GetMembership(organizationId, id), request.HttpContext.RequestAborted));

    private static async Task<IResult> AddRoles(Guid organizationId, Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        var ids = await ResourceDocument.ReadLinkageAsync(request, RoleEndpoints.Type, OrganizationLimits.MaxRolesPerRequest);
        return Linkage(request, await dispatcher.Send(new AddMembershipRoles(organizationId, id, ids), request.HttpContext.RequestAborted));
    }

    private static async Task<IResult> RemoveRoles(Guid organizationId, Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        var ids = await ResourceDocument.ReadLinkageAsync(request, RoleEndpoints.Type, OrganizationLimits.MaxRolesPerRequest);
        return Linkage(request, await dispatcher.Send(new RemoveMembershipRoles(organizationId, id, ids), request.HttpContext.RequestAborted));
    }

    private static MembershipStatus? StatusFilter(HttpRequest request) => QueryFilters.Read(request, "status") switch
    {
        null => null,
        "active" => MembershipStatus.Active,
        "inactive" => MembershipStatus.Inactive,
        _ => throw JsonApiException.BadParameter("filter[status]", "filter[status] is active or inactive."),
    };

    private static string Self(HttpRequest request, MembershipDto membership) =>
        $"{JsonApiResults.Origin(request)}{OrganizationEndpoints.Path}/{membership.OrganizationId}/memberships/{membership.Id}";

    private static IResult Linkage(HttpRequest request, MembershipDto membership) =>
        JsonApiResults.Document(
            RoleLinkage.Of(membership.Roles, $"{Self(request, membership)}/relationships/roles")["data"],
            links: new Dictionary<string, string> { ["self"] = $"{Self(request, membership)}/relationships/roles" });

    public static Dictionary<string, object?> Resource(HttpRequest request, MembershipDto membership)
    {
        var resource = JsonApiResults.Resource(request, Type, membership.Id.ToString(), $"{OrganizationEndpoints.Path}/{membership.OrganizationId}/memberships", new Dictionary<string, object?>
        {
            ["organization_id"] = membership.OrganizationId,
            ["user_id"] = membership.UserId,
            ["status"] = membership.Status,
            ["created_at"] = membership.CreatedAt,
            ["updated_at"] = membership.UpdatedAt,
        });
        resource["relationships"] = new Dictionary<string, object?> { ["roles"] = RoleLinkage.Of(membership.Roles, $"{Self(request, membership)}/relationships/roles") };
        return resource;
    }
}

/// <summary>A to-many <c>roles</c> relationship; each role's slug rides along in meta, as on <c>role</c> resources.</summary>
internal static class RoleLinkage
{
    public static Dictionary<string, object?> Of(IReadOnlyList<RoleReference> roles, string self) => new()
    {
        ["data"] = roles.Select(r => new Dictionary<string, object?>
        {
            ["type"] = RoleEndpoints.Type,
            ["id"] = r.Id.ToString(),
            ["meta"] = new Dictionary<string, string> { ["slug"] = r.Slug },
        }).ToList(),
        ["links"] = new Dictionary<string, string> { ["self"] = self },
    };
}

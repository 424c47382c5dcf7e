using Paylent.Application.Access;
using Paylent.Application.Access.Roles;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Common;
using Paylent.Web.Api.JsonApi;
using Paylent.Web.Api.Permissions;

namespace Paylent.Web.Api.Roles;

/// <summary>
/// <c>/api/roles</c>: the <c>role</c> resource, with its to-many relationships <c>permissions</c> and
/// <c>included_roles</c> changed through their relationship endpoints
/// (<c>/api/roles/{id}/relationships/permissions</c>: POST adds, DELETE removes, at most
/// <see cref="AccessLimits.MaxPerRequest"/> per request). Slug and client scope are set once, on create.
/// </summary>
public static class RoleEndpoints
{
    public const string Type = "role";
    public const string Path = "/api/roles";

    private static readonly HashSet<string> Writable = ["slug", "name", "description", "client_id", "default"];

    public static void MapRoles(this RouteGroupBuilder api)
    {
        var roles = api.MapGroup("/roles");
        roles.MapGet("/", List);
        roles.MapGet("/{id:guid}", Get);
        roles.MapPost("/", Create);
        roles.MapPatch("/{id:guid}", Update);
        roles.MapDelete("/{id:guid}", Delete);
        roles.MapGet("/{id:guid}/relationships/permissions", Permissions);
        roles.MapPost("/{id:guid}/relationships/permissions", AddPermissions);
        roles.MapDelete("/{id:guid}/relationships/permissions", RemovePermissions);
        roles.MapGet("/{id:guid}/relationships/included_roles", IncludedRoles);
        roles.MapPost("/{id:guid}/relationships/included_roles", Include);
        roles.MapDelete("/{id:guid}/relationships/included_roles", Exclude);
    }

    private static async Task<IResult> List(HttpRequest request, IDispatcher dispatcher)
    {
        var query = new ListRoles(QueryFilters.Read(request, "slug"), QueryFilters.Read(request, "search"), QueryFilters.Read(request, "client_id"), Paging.Read(request));
        var page = await dispatcher.Send(query, request.HttpContext.RequestAborted);
        return JsonApiResults.Document(page.Items.Select(r => Resource(request, r)).ToList(), links: Paging.Links(request, page));
    }

    private static async Task<IResult> Get(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new GetRole(id), request.HttpContext.RequestAborted)));

    private static async Task<IResult> Create(HttpRequest request, IDispatcher dispatcher)
    {
        var document = await ResourceDocument.ReadAsync(request, Type, Writable);
        var command = new CreateRole(
            document.String("slug") ?? string.Empty, document.String("name") ?? string.Empty, document.String("description"),
            document.String("client_id"), document.Boolean("default", false));
        var created = await dispatcher.Send(command, request.HttpContext.RequestAborted);
        return JsonApiResults.Document(Resource(request, created), StatusCodes.Status201Created, location: $"{JsonApiResults.Origin(request)}{Path}/{created.Id}");
    }

    private static async Task<IResult> Update(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        var document = await ResourceDocument.ReadAsync(request, Type, Writable);
        foreach (var immutable in new[] { "slug", "client_id" })
        {
            if (document.Has(immutable))
            {
                throw JsonApiException.BadAttribute(immutable, $"A role's {immutable} is immutable: issued tokens name it. Create another role instead.");
            }
        }

        var command = new UpdateRole(
            id,
            document.Has("name") ? new Optional<string>(document.String("name") ?? string.Empty) : default,
            document.Has("description") ? new Optional<string?>(document.String("description")) : default,
            document.Has("default") ? document.Boolean("default", false) : null);
        return JsonApiResults.Document(Resource(request, await dispatcher.Send(command, request.HttpContext.RequestAborted)));
    }

    private static async Task<IResult> Delete(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        await dispatcher.Send(new DeleteRole(id), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(null, StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> Permissions(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        Linkage(request, id, "permissions", await dispatcher.Send(new GetRole(id), request.HttpContext.RequestAborted));

    private static async Task<IResult> AddPermissions(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        var ids = await ResourceDocument.ReadLinkageAsync(request, PermissionEndpoints.Type, AccessLimits.MaxPerRequest);
        return Linkage(request, id, "permissions", await dispatcher.Send(new AddRolePermissions(id, ids), request.HttpContext.RequestAborted));
    }

    private static async Task<IResult> RemovePermissions(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        var ids = await ResourceDocument.ReadLinkageAsync(request, PermissionEndpoints.Type, AccessLimits.MaxPerRequest);
        return Linkage(request, id, "permissions", await dispatcher.Send(new RemoveRolePermissions(id, ids), request.HttpContext.RequestAborted));
    }

    private static async Task<IResult> IncludedRoles(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        Linkage(request, id, "included_roles", await dispatcher.Send(new GetRole(id), request.HttpContext.RequestAborted));

    private static async Task<IResult> Include(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        var ids = await ResourceDocument.ReadLinkageAsync(request, Type, AccessLimits.MaxPerRequest);
        return Linkage(request, id, "included_roles", await dispatcher.Send(new IncludeRoles(id, ids), request.HttpContext.RequestAborted));
    }

    private static async Task<IResult> Exclude(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        var ids = await ResourceDocument.ReadLinkageAsync(request, Type, AccessLimits.MaxPerRequest);
        return Linkage(request, id, "included_roles", await dispatcher.Send(new ExcludeRoles(id, ids), request.HttpContext.RequestAborted));
    }

    /// <summary>A relationship document: the linkage as it is after the request, with its links.</summary>
    private static IResult Linkage(HttpRequest request, Guid id, string relationship, RoleDto role) =>
        JsonApiResults.Document(
            Relationship(request, id, relationship, relationship == "permissions" ? role.Permissions : role.IncludedRoles)["data"],
            links: new Dictionary<string, string> { ["self"] = $"{JsonApiResults.Origin(request)}{Path}/{id}/relationships/{relationship}" });

    public static Dictionary<string, object?> Resource(HttpRequest request, RoleDto role)
    {
        var resource = JsonApiResults.Resource(request, Type, role.Id.ToString(), Path, new Dictionary<string, object?>
        {
            ["slug"] = role.Slug,
            ["name"] = role.Name,
            ["description"] = role.Description,
            ["client_id"] = role.ClientId,
            ["default"] = role.IsDefault,
            ["created_at"] = role.CreatedAt,
            ["updated_at"] = role.UpdatedAt,
        });
        resource["relationships"] = new Dictionary<string, object?>
        {
            ["permissions"] = Relationship(request, role.Id, "permissions", role.Permissions),
            ["included_roles"] = Relationship(request, role.Id, "included_roles", role.IncludedRoles),
        };
        return resource;
    }

    // The slug rides along in meta, so a reader need not fetch each member to know what it is.
    private static Dictionary<string, object?> Relationship(HttpRequest request, Guid id, string name, IReadOnlyList<RoleMember> members) => new()
    {
        ["data"] = members.Select(m => new Dictionary<string, object?>
        {
            ["type"] = name == "permissions" ? PermissionEndpoints.Type : Type,
            ["id"] = m.Id.ToString(),
            ["meta"] = new Dictionary<string, string> { ["slug"] = m.Slug },
        }).ToList(),
        ["links"] = new Dictionary<string, string> { ["self"] = $"{JsonApiResults.Origin(request)}{Path}/{id}/relationships/{name}" },
    };
}

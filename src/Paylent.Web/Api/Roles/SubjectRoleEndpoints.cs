using Paylent.Application.Access;
using Paylent.Application.Access.Assignments;
using Paylent.Application.Access.Checks;
using Paylent.Application.Common.Messaging;
using Paylent.Web.Api.JsonApi;

namespace Paylent.Web.Api.Roles;

/// <summary>
/// The roles a user (<c>/api/users/{id}/roles</c>) or a confidential client's service account
/// (<c>/api/oauth-clients/{id}/roles</c>) holds directly: GET lists them, POST adds and DELETE removes
/// the roles a linkage document names (<c>{"data": [{"type": "role", "id": ...}]}</c>); each answers the
/// roles held afterwards. <c>/api/users/{id}/permissions</c> is the user's effective permissions.
/// </summary>
public static class SubjectRoleEndpoints
{
    public static void MapSubjectRoles(this RouteGroupBuilder api)
    {
        api.MapGet("/users/{id:guid}/roles", (Guid id, HttpRequest request, IDispatcher dispatcher) => List(RoleSubject.User(id), request, dispatcher));
        api.MapPost("/users/{id:guid}/roles", (Guid id, HttpRequest request, IDispatcher dispatcher) => Assign(RoleSubject.User(id), request, dispatcher));
        api.MapDelete("/users/{id:guid}/roles", (Guid id, HttpRequest request, IDispatcher dispatcher) => Unassign(RoleSubject.User(id), request, dispatcher));
        api.MapGet("/oauth-clients/{id:guid}/roles", (Guid id, HttpRequest request, IDispatcher dispatcher) => List(RoleSubject.Client(id), request, dispatcher));
        api.MapPost("/oauth-clients/{id:guid}/roles", (Guid id, HttpRequest request, IDispatcher dispatcher) => Assign(RoleSubject.Client(id), request, dispatcher));
        api.MapDelete("/oauth-clients/{id:guid}/roles", (Guid id, HttpRequest request, IDispatcher dispatcher) => Unassign(RoleSubject.Client(id), request, dispatcher));
        api.MapGet("/users/{id:guid}/permissions", Permissions);
    }

    private static async Task<IResult> List(RoleSubject subject, HttpRequest request, IDispatcher dispatcher) =>
        Roles(request, await dispatcher.Send(new ListSubjectRoles(subject), request.HttpContext.RequestAborted));

    private static async Task<IResult> Assign(RoleSubject subject, HttpRequest request, IDispatcher dispatcher)
    {
        var ids = await ResourceDocument.ReadLinkageAsync(request, RoleEndpoints.Type, AccessLimits.MaxPerRequest);
        return Roles(request, await dispatcher.Send(new AssignRoles(subject, ids), request.HttpContext.RequestAborted));
    }

    private static async Task<IResult> Unassign(RoleSubject subject, HttpRequest request, IDispatcher dispatcher)
    {
        var ids = await ResourceDocument.ReadLinkageAsync(request, RoleEndpoints.Type, AccessLimits.MaxPerRequest);
        return Roles(request, await dispatcher.Send(new UnassignRoles(subject, ids), request.HttpContext.RequestAborted));
    }

    private static IResult Roles(HttpRequest request, IReadOnlyList<Application.Access.Roles.RoleDto> roles) =>
        JsonApiResults.Document(roles.Select(r => RoleEndpoints.Resource(request, r)).ToList());

    /// <summary>
    /// One <c>effective_permission</c> per permission the user holds (id: its slug), with the roles
    /// holding it; <c>meta.roles</c> lists every effective role. <c>filter[client_id]</c> adds that
    /// client's roles, as its tokens would.
    /// </summary>
    private static async Task<IResult> Permissions(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        var access = await dispatcher.Send(new ListUserPermissions(id, QueryFilters.Read(request, "client_id")), request.HttpContext.RequestAborted);
        var data = access.Permissions.Select(p => new Dictionary<string, object?>
        {
            ["type"] = "effective_permission",
            ["id"] = p.Slug,
            ["attributes"] = new Dictionary<string, object?> { ["slug"] = p.Slug, ["via"] = p.Via },
        }).ToList();
        return JsonApiResults.Document(data, meta: new Dictionary<string, object?> { ["roles"] = access.Roles });
    }
}

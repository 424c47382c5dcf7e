using Paylent.Application.Access.Permissions;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Common;
using Paylent.Web.Api.JsonApi;

namespace Paylent.Web.Api.Permissions;

/// <summary><c>/api/permissions</c>: the <c>permission</c> resource. The slug is set once, on create.</summary>
public static class PermissionEndpoints
{
    public const string Type = "permission";
    public const string Path = "/api/permissions";

    private static readonly HashSet<string> Writable = ["slug", "description"];

    public static void MapPermissions(this RouteGroupBuilder api)
    {
        var permissions = api.MapGroup("/permissions");
        permissions.MapGet("/", List);
        permissions.MapGet("/{id:guid}", Get);
        permissions.MapPost("/", Create);
        permissions.MapPatch("/{id:guid}", Update);
        permissions.MapDelete("/{id:guid}", Delete);
    }

    private static async Task<IResult> List(HttpRequest request, IDispatcher dispatcher)
    {
        var query = new ListPermissions(QueryFilters.Read(request, "slug"), QueryFilters.Read(request, "search"), Paging.Read(request));
        var page = await dispatcher.Send(query, request.HttpContext.RequestAborted);
        return JsonApiResults.Document(page.Items.Select(p => Resource(request, p)).ToList(), links: Paging.Links(request, page));
    }

    private static async Task<IResult> Get(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new GetPermission(id), request.HttpContext.RequestAborted)));

    private static async Task<IResult> Create(HttpRequest request, IDispatcher dispatcher)
    {
        var document = await ResourceDocument.ReadAsync(request, Type, Writable);
        var created = await dispatcher.Send(new CreatePermission(document.String("slug") ?? string.Empty, document.String("description")), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(Resource(request, created), StatusCodes.Status201Created, location: $"{JsonApiResults.Origin(request)}{Path}/{created.Id}");
    }

    private static async Task<IResult> Update(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        var document = await ResourceDocument.ReadAsync(request, Type, Writable);
        if (document.Has("slug"))
        {
            throw JsonApiException.BadAttribute("slug", "A permission's slug is immutable: roles and issued tokens name it.");
        }

        var description = document.Has("description") ? new Optional<string?>(document.String("description")) : default;
        return JsonApiResults.Document(Resource(request, await dispatcher.Send(new UpdatePermission(id, description), request.HttpContext.RequestAborted)));
    }

    private static async Task<IResult> Delete(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        await dispatcher.Send(new DeletePermission(id), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(null, StatusCodes.Status204NoContent);
    }

    public static Dictionary<string, object?> Resource(HttpRequest request, PermissionDto permission) =>
        JsonApiResults.Resource(request, Type, permission.Id.ToString(), Path, new Dictionary<string, object?>
        {
            ["slug"] = permission.Slug,
            ["description"] = permission.Description,
            ["created_at"] = permission.CreatedAt,
            ["updated_at"] = permission.UpdatedAt,
        });
}

using System.Text.Json;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Organizations.Memberships;
using Paylent.Application.Organizations.Organizations;
using Paylent.Domain.Common;
using Paylent.Web.Api.JsonApi;

namespace Paylent.Web.Api.Organizations;

/// <summary>
/// <c>/api/organizations</c>: the <c>organization</c> resource (slug set once, on create; name;
/// metadata, a JSON object), and <c>/api/users/{id}/organizations</c>, a user's organizations with the
/// user's membership in each (<c>meta.membership</c>).
/// </summary>
public static class OrganizationEndpoints
{
    public const string Type = "organization";
    public const string Path = "/api/organizations";

    private static readonly HashSet<string> Writable = ["slug", "name", "metadata"];

    public static void MapOrganizations(this RouteGroupBuilder api)
    {
        var organizations = api.MapGroup("/organizations");
        organizations.MapGet("/", List);
        organizations.MapGet("/{id:guid}", Get);
        organizations.MapPost("/", Create);
        organizations.MapPatch("/{id:guid}", Update);
        organizations.MapDelete("/{id:guid}", Delete);
        organizations.MapMemberships();
        organizations.MapInvitations();
        api.MapGet("/users/{id:guid}/organizations", OfUser);
    }

    private static async Task<IResult> List(HttpRequest request, IDispatcher dispatcher)
    {
        var query = new ListOrganizations(QueryFilters.Read(request, "slug"), QueryFilters.Read(request, "search"), Paging.Read(request));
        var page = await dispatcher.Send(query, request.HttpContext.RequestAborted);
        return JsonApiResults.Document(page.Items.Select(o => Resource(request, o)).ToList(), links: Paging.Links(request, page));
    }

    private static async Task<IResult> Get(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new GetOrganization(id), request.HttpContext.RequestAborted)));

    private static async Task<IResult> Create(HttpRequest request, IDispatcher dispatcher)
    {
        var document = await ResourceDocument.ReadAsync(request, Type, Writable);
        var command = new CreateOrganization(document.String("slug") ?? string.Empty, document.String("name") ?? string.Empty, document.Object("metadata"));
        var created = await dispatcher.Send(command, request.HttpContext.RequestAborted);
        return JsonApiResults.Document(Resource(request, created), StatusCodes.Status201Created, location: $"{JsonApiResults.Origin(request)}{Path}/{created.Id}");
    }

    private static async Task<IResult> Update(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        var document = await ResourceDocument.ReadAsync(request, Type, Writable);
        if (document.Has("slug"))
        {
            throw JsonApiException.BadAttribute("slug", "An organization's slug is immutable: requests and tokens name it. Create another organization instead.");
        }

        var command = new UpdateOrganization(
            id,
            document.Has("name") ? new Optional<string>(document.String("name") ?? string.Empty) : default,
            document.Has("metadata") ? new Optional<string?>(document.Object("metadata")) : default);
        return JsonApiResults.Document(Resource(request, await dispatcher.Send(command, request.HttpContext.RequestAborted)));
    }

    private static async Task<IResult> Delete(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        await dispatcher.Send(new DeleteOrganization(id), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(null, StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> OfUser(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        var page = await dispatcher.Send(new ListUserOrganizations(id, Paging.Read(request)), request.HttpContext.RequestAborted);
        var data = page.Items.Select(item =>
        {
            var resource = Resource(request, item.Organization);
            resource["meta"] = new Dictionary<string, object?> { ["membership"] = MembershipEndpoints.Resource(request, item.Membership) };
            return resource;
        }).ToList();
        return JsonApiResults.Document(data, links: Paging.Links(request, page));
    }

    public static Dictionary<string, object?> Resource(HttpRequest request, OrganizationDto organization)
    {
        using var metadata = JsonDocument.Parse(organization.Metadata);
        return JsonApiResults.Resource(request, Type, organization.Id.ToString(), Path, new Dictionary<string, object?>
        {
            ["slug"] = organization.Slug,
            ["name"] = organization.Name,
            ["metadata"] = metadata.RootElement.Clone(),
            ["created_at"] = organization.CreatedAt,
            ["updated_at"] = organization.UpdatedAt,
        });
    }
}

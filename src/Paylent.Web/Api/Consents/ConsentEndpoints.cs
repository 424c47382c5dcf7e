using Paylent.Application.Common.Messaging;
using Paylent.Application.OAuth.Consents;
using Paylent.Web.Api.JsonApi;
using Paylent.Web.Api.Users;

namespace Paylent.Web.Api.Consents;

/// <summary>
/// The <c>consent</c> resource: the applications a user allowed at <c>/api/users/{id}/consents</c>, one at
/// <c>/api/consents/{id}</c>; <c>DELETE</c> withdraws it and ends the client's grants for that user.
/// </summary>
public static class ConsentEndpoints
{
    public const string Type = "consent";
    public const string Path = "/api/consents";

    public static void MapConsents(this RouteGroupBuilder api)
    {
        api.MapGet("/users/{id:guid}/consents", List);
        api.MapGet("/consents/{id:guid}", Get);
        api.MapDelete("/consents/{id:guid}", Revoke);
    }

    private static async Task<IResult> List(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document((await dispatcher.Send(new ListConsents(id), request.HttpContext.RequestAborted)).Select(c => Resource(request, c)).ToList());

    private static async Task<IResult> Get(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new GetConsent(id), request.HttpContext.RequestAborted)));

    private static async Task<IResult> Revoke(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        await dispatcher.Send(new RevokeConsent(id), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(null, StatusCodes.Status204NoContent);
    }

    private static Dictionary<string, object?> Resource(HttpRequest request, ConsentDto consent)
    {
        var resource = JsonApiResults.Resource(request, Type, consent.Id.ToString(), Path, new Dictionary<string, object?>
        {
            ["client_id"] = consent.ClientId,
            ["client_name"] = consent.ClientName,
            ["scopes"] = consent.Scopes,
            ["created_at"] = consent.CreatedAt,
            ["updated_at"] = consent.UpdatedAt,
        });

        // JSON:API keeps foreign keys out of attributes: the owner is a relationship. The client stays
        // an attribute: client_id is the protocol's name for it, not the oauth_client resource's id.
        resource["relationships"] = new Dictionary<string, object>
        {
            ["user"] = new { data = new { type = UserEndpoints.Type, id = consent.UserId.ToString() } },
        };
        return resource;
    }
}

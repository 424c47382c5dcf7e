using Paylent.Application.Common.Messaging;
using Paylent.Application.Identity.Sessions;
using Paylent.Web.Api.JsonApi;
using Paylent.Web.Api.Users;

namespace Paylent.Web.Api.Sessions;

/// <summary>
/// The <c>session</c> resource: a user's sessions at <c>/api/users/{id}/sessions</c>, one at
/// <c>/api/sessions/{id}</c>; <c>DELETE</c> revokes it (and, through its <c>sid</c>, its tokens).
/// </summary>
public static class SessionEndpoints
{
    public const string Type = "session";
    public const string Path = "/api/sessions";

    public static void MapSessions(this RouteGroupBuilder api)
    {
        api.MapGet("/users/{id:guid}/sessions", List);
        api.MapGet("/sessions/{id:guid}", Get);
        api.MapDelete("/sessions/{id:guid}", Revoke);
    }

    private static async Task<IResult> List(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document((await dispatcher.Send(new ListSessions(id), request.HttpContext.RequestAborted)).Select(s => Resource(request, s)).ToList());

    private static async Task<IResult> Get(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new GetSession(id), request.HttpContext.RequestAborted)));

    private static async Task<IResult> Revoke(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        await dispatcher.Send(new RevokeSession(id), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(null, StatusCodes.Status204NoContent);
    }

    private static Dictionary<string, object?> Resource(HttpRequest request, SessionDto session)
    {
        var resource = JsonApiResults.Resource(request, Type, session.Id.ToString(), Path, new Dictionary<string, object?>
        {
            ["active"] = session.Active,
            ["created_at"] = session.CreatedAt,
            ["last_seen_at"] = session.LastSeenAt,
            ["authenticated_at"] = session.AuthenticatedAt,
            ["authentication_methods"] = session.AuthenticationMethods,
            ["idle_expires_at"] = session.IdleExpiresAt,
            ["absolute_expires_at"] = session.AbsoluteExpiresAt,
            ["ip_address"] = session.IpAddress,
            ["user_agent"] = session.UserAgent,
            ["revoked_at"] = session.RevokedAt,
        });

        // JSON:API keeps foreign keys out of attributes: the owner is a relationship.
        resource["relationships"] = new Dictionary<string, object>
        {
            ["user"] = new { data = new { type = UserEndpoints.Type, id = session.UserId.ToString() } },
        };
        return resource;
    }
}

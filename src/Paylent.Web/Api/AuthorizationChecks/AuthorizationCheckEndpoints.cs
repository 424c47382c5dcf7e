using Paylent.Application.Access.Checks;
using Paylent.Application.Common.Messaging;
using Paylent.Web.Api.JsonApi;

namespace Paylent.Web.Api.AuthorizationChecks;

/// <summary>
/// <c>POST /api/authorization-checks</c>: whether a user (<c>user_id</c>, optionally as seen by the
/// client <c>client_id</c>) or a service account (<c>client_id</c> alone) holds a permission, and through
/// which roles. Nothing is stored: the answer is an <c>authorization_check</c> with a fresh id.
/// </summary>
public static class AuthorizationCheckEndpoints
{
    public const string Type = "authorization_check";

    private static readonly HashSet<string> Writable = ["user_id", "client_id", "permission"];

    public static void MapAuthorizationChecks(this RouteGroupBuilder api) => api.MapPost("/authorization-checks", Check);

    private static async Task<IResult> Check(HttpRequest request, IDispatcher dispatcher)
    {
        var document = await ResourceDocument.ReadAsync(request, Type, Writable);
        var (userId, clientId, permission) = (document.Guid("user_id"), document.String("client_id"), document.String("permission") ?? string.Empty);
        var check = await dispatcher.Send(new CheckPermission(userId, clientId, permission), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(new Dictionary<string, object?>
        {
            ["type"] = Type,
            ["id"] = Guid.CreateVersion7().ToString(),
            ["attributes"] = new Dictionary<string, object?>
            {
                ["user_id"] = userId,
                ["client_id"] = clientId,
                ["permission"] = permission,
                ["allowed"] = check.Allowed,
                ["via"] = check.Via,
            },
        });
    }
}

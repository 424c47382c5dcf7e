using Paylent.Application.Common.Messaging;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Common;
using Paylent.Domain.Identity;
using Paylent.Web.Api.JsonApi;
using Paylent.Web.OAuth;

namespace Paylent.Web.Api.Users;

/// <summary><c>/api/users</c>: the <c>user</c> resource (PRODUCT.md). The password is write-only.</summary>
public static class UserEndpoints
{
    public const string Type = "user";
    public const string Path = "/api/users";

    private static readonly HashSet<string> Writable = ["email", "username", "given_name", "family_name", "email_verified", "status", "password"];

    public static void MapUsers(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users");
        users.MapGet("/", List);
        users.MapGet("/{id:guid}", Get);
        users.MapPost("/", Create);
        users.MapPatch("/{id:guid}", Update);
        users.MapDelete("/{id:guid}", Delete);
    }

    private static async Task<IResult> List(HttpRequest request, IDispatcher dispatcher)
    {
        var page = await dispatcher.Send(new ListUsers(Email: QueryFilters.Read(request, "email"), Page: Paging.Read(request)), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(page.Items.Select(u => Resource(request, u)).ToList(), links: Paging.Links(request, page));
    }

    private static async Task<IResult> Get(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new GetUser(id), request.HttpContext.RequestAborted)));

    private static async Task<IResult> Create(HttpRequest request, IDispatcher dispatcher)
    {
        var document = await ResourceDocument.ReadAsync(request, Type, Writable);
        if (document.Has("status"))
        {
            throw JsonApiException.BadAttribute("status", "A user is created active; disable it with a PATCH of its status.");
        }

        var profile = new UserProfile(
            document.String("email") ?? string.Empty,
            document.String("username"),
            document.String("given_name"),
            document.String("family_name"),
            document.Has("email_verified") ? document.Boolean("email_verified", false) : null);
        var user = await dispatcher.Send(new CreateUser(profile, document.String("password")), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(Resource(request, user), StatusCodes.Status201Created, location: $"{JsonApiResults.Origin(request)}{Path}/{user.Id}");
    }

    /// <summary>A partial update in one command: attributes left out keep the values the user has when it runs.</summary>
    private static async Task<IResult> Update(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        var document = await ResourceDocument.ReadAsync(request, Type, Writable);
        var changes = new UserChanges
        {
            Email = document.Has("email") ? document.String("email") ?? string.Empty : null,
            Username = Optional(document, "username"),
            GivenName = Optional(document, "given_name"),
            FamilyName = Optional(document, "family_name"),
            EmailVerified = document.Has("email_verified") ? document.Boolean("email_verified", false) : null,
            Status = document.Has("status") ? document.Enum("status", UserStatus.Active) : null,
        };
        var command = new UpdateUser(id, changes, OAuthEndpoints.Issuer(request), document.String("password"));
        return JsonApiResults.Document(Resource(request, await dispatcher.Send(command, request.HttpContext.RequestAborted)));
    }

    private static Optional<string?> Optional(ResourceDocument document, string name) => document.Has(name) ? new(document.String(name)) : default;

    private static async Task<IResult> Delete(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        await dispatcher.Send(new DeleteUser(id), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(null, StatusCodes.Status204NoContent);
    }

    private static Dictionary<string, object?> Resource(HttpRequest request, UserDto user) =>
        JsonApiResults.Resource(request, Type, user.Id.ToString(), Path, new Dictionary<string, object?>
        {
            ["email"] = user.Email,
            ["username"] = user.Username,
            ["given_name"] = user.GivenName,
            ["family_name"] = user.FamilyName,
            ["email_verified"] = user.EmailVerified,
            ["status"] = user.Status,
            ["created_at"] = user.CreatedAt,
            ["updated_at"] = user.UpdatedAt,
            ["last_signed_in_at"] = user.LastSignedInAt,
        });
}

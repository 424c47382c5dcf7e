using Paylent.Application.Common.Messaging;
using Paylent.Application.OAuth.Clients;
using Paylent.Domain.OAuth;
using Paylent.Web.Api.JsonApi;

namespace Paylent.Web.Api.OAuthClients;

/// <summary><c>/api/oauth-clients</c>: the <c>oauth_client</c> resource (PRODUCT.md).</summary>
public static class OAuthClientEndpoints
{
    public const string Type = "oauth_client";
    public const string Path = "/api/oauth-clients";

    private static readonly HashSet<string> Writable =
    [
        "name", "client_type", "redirect_uris", "post_logout_redirect_uris", "grant_types", "allowed_scopes",
        "token_format", "access_token_lifetime", "refresh_token_lifetime", "require_pkce", "default_audience", "first_party",
    ];

    public static void MapOAuthClients(this RouteGroupBuilder api)
    {
        var clients = api.MapGroup("/oauth-clients");
        clients.MapGet("/", List);
        clients.MapGet("/{id:guid}", Get);
        clients.MapPost("/", Create);
        clients.MapPatch("/{id:guid}", Update);
        clients.MapDelete("/{id:guid}", Delete);
        clients.MapPost("/{id:guid}/rotate-secret", RotateSecret);
    }

    private static async Task<IResult> List(HttpRequest request, IDispatcher dispatcher)
    {
        var page = await dispatcher.Send(new ListOAuthClients(Paging.Read(request)), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(page.Items.Select(c => Resource(request, c)).ToList(), links: Paging.Links(request, page));
    }

    private static async Task<IResult> Get(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new GetOAuthClient(id), request.HttpContext.RequestAborted)));

    private static async Task<IResult> Create(HttpRequest request, IDispatcher dispatcher)
    {
        var document = await ResourceDocument.ReadAsync(request, Type, Writable);
        var clientType = document.Enum("client_type", ClientType.Confidential);
        var created = await dispatcher.Send(new CreateOAuthClient(clientType, Settings(document, Defaults(clientType))), request.HttpContext.RequestAborted);
        var resource = Resource(request, created.Client, created.ClientSecret);
        return JsonApiResults.Document(resource, StatusCodes.Status201Created, location: $"{JsonApiResults.Origin(request)}{Path}/{created.Client.Id}");
    }

    private static async Task<IResult> Update(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        var document = await ResourceDocument.ReadAsync(request, Type, Writable);
        var current = await dispatcher.Send(new GetOAuthClient(id), request.HttpContext.RequestAborted);
        if (document.Has("client_type") && document.Enum("client_type", current.ClientType) != current.ClientType)
        {
            throw JsonApiException.BadAttribute("client_type", "A client's type cannot change; create a new client instead.");
        }

        var updated = await dispatcher.Send(new UpdateOAuthClient(id, Settings(document, current.Settings)), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(Resource(request, updated));
    }

    private static async Task<IResult> Delete(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        await dispatcher.Send(new DeleteOAuthClient(id), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(null, StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> RotateSecret(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        var rotated = await dispatcher.Send(new RotateClientSecret(id), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(Resource(request, rotated.Client, rotated.ClientSecret));
    }

    private static OAuthClientSettings Defaults(ClientType type) => new(
        Name: string.Empty,
        RedirectUris: [],
        PostLogoutRedirectUris: [],
        GrantTypes: type == ClientType.Confidential ? [GrantTypes.ClientCredentials] : [GrantTypes.AuthorizationCode],
        AllowedScopes: []);

    /// <summary>The document's attributes over a base (defaults on create, the current client on update).</summary>
    private static OAuthClientSettings Settings(ResourceDocument document, OAuthClientSettings current) => new(
        document.String("name", current.Name) ?? string.Empty,
        document.Strings("redirect_uris", current.RedirectUris),
        document.Strings("post_logout_redirect_uris", current.PostLogoutRedirectUris),
        document.Strings("grant_types", current.GrantTypes),
        document.Strings("allowed_scopes", current.AllowedScopes),
        document.Enum("token_format", current.TokenFormat),
        document.Integer("access_token_lifetime", current.AccessTokenLifetime),
        document.Integer("refresh_token_lifetime", current.RefreshTokenLifetime),
        document.Boolean("require_pkce", current.RequirePkce),
        document.Has("default_audience") ? document.String("default_audience") : current.DefaultAudience,
        document.Boolean("first_party", current.FirstParty));

    private static Dictionary<string, object?> Resource(HttpRequest request, OAuthClientDto client, string? secret = null)
    {
        var attributes = new Dictionary<string, object?>
        {
            ["client_id"] = client.ClientId,
            ["name"] = client.Name,
            ["client_type"] = client.ClientType,
            ["redirect_uris"] = client.RedirectUris,
            ["post_logout_redirect_uris"] = client.PostLogoutRedirectUris,
            ["grant_types"] = client.GrantTypes,
            ["allowed_scopes"] = client.AllowedScopes,
            ["token_format"] = client.TokenFormat,
            ["access_token_lifetime"] = client.AccessTokenLifetime,
            ["refresh_token_lifetime"] = client.RefreshTokenLifetime,
            ["require_pkce"] = client.RequirePkce,
            ["default_audience"] = client.DefaultAudience,
            ["first_party"] = client.FirstParty,
            ["created_at"] = client.CreatedAt,
        };
        if (secret is not null)
        {
            // Shown once, in the response to create or rotate-secret; never readable again.
            attributes["client_secret"] = secret;
        }

        return JsonApiResults.Resource(request, Type, client.Id.ToString(), Path, attributes);
    }
}

using Paylent.Application.Common.Messaging;
using Paylent.Application.OAuth.Clients;
using Paylent.Domain.Common;
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
        "allowed_resources", "id_token_signed_response_alg", "include_roles_in_tokens", "include_permissions_in_tokens",
        "organization_required",
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
        var settings = Changes(document).ApplyTo(OAuthClientSettings.Defaults(clientType));
        var created = await dispatcher.Send(new CreateOAuthClient(clientType, settings), request.HttpContext.RequestAborted);
        var resource = Resource(request, created.Client, created.ClientSecret);
        return JsonApiResults.Document(resource, StatusCodes.Status201Created, location: $"{JsonApiResults.Origin(request)}{Path}/{created.Client.Id}");
    }

    /// <summary>A partial update in one command: attributes left out keep the values the client has when it runs.</summary>
    private static async Task<IResult> Update(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        var document = await ResourceDocument.ReadAsync(request, Type, Writable);
        var updated = await dispatcher.Send(new UpdateOAuthClient(id, Changes(document)), request.HttpContext.RequestAborted);
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

    /// <summary>The attributes the document carries; those it leaves out stay null (unchanged, or the defaults on create).</summary>
    private static OAuthClientChanges Changes(ResourceDocument document) => new()
    {
        ClientType = document.Has("client_type") ? document.Enum("client_type", ClientType.Confidential) : null,
        Name = document.Has("name") ? document.String("name") ?? string.Empty : null,
        RedirectUris = document.Has("redirect_uris") ? document.Strings("redirect_uris", []) : null,
        PostLogoutRedirectUris = document.Has("post_logout_redirect_uris") ? document.Strings("post_logout_redirect_uris", []) : null,
        GrantTypes = document.Has("grant_types") ? document.Strings("grant_types", []) : null,
        AllowedScopes = document.Has("allowed_scopes") ? document.Strings("allowed_scopes", []) : null,
        TokenFormat = document.Has("token_format") ? document.Enum("token_format", TokenFormat.Jwt) : null,
        AccessTokenLifetime = document.Has("access_token_lifetime") ? document.Integer("access_token_lifetime", 0) : null,
        RefreshTokenLifetime = document.Has("refresh_token_lifetime") ? document.Integer("refresh_token_lifetime", 0) : null,
        RequirePkce = document.Has("require_pkce") ? document.Boolean("require_pkce", true) : null,
        DefaultAudience = document.Has("default_audience") ? new Optional<string?>(document.String("default_audience")) : default,
        FirstParty = document.Has("first_party") ? document.Boolean("first_party", false) : null,
        AllowedResources = document.Has("allowed_resources") ? document.Strings("allowed_resources", []) : null,
        IdTokenSignedResponseAlg = document.Has("id_token_signed_response_alg") ? document.String("id_token_signed_response_alg") ?? string.Empty : null,
        IncludeRolesInTokens = document.Has("include_roles_in_tokens") ? document.Boolean("include_roles_in_tokens", true) : null,
        IncludePermissionsInTokens = document.Has("include_permissions_in_tokens") ? document.Boolean("include_permissions_in_tokens", true) : null,
        OrganizationRequired = document.Has("organization_required") ? document.Boolean("organization_required", false) : null,
    };

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
            ["allowed_resources"] = client.AllowedResources,
            ["id_token_signed_response_alg"] = client.IdTokenSignedResponseAlg,
            ["include_roles_in_tokens"] = client.IncludeRolesInTokens,
            ["include_permissions_in_tokens"] = client.IncludePermissionsInTokens,
            ["organization_required"] = client.OrganizationRequired,
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

using System.Collections.Concurrent;
using Microsoft.Net.Http.Headers;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.OAuth;
using Paylent.Application.OAuth.Tokens;
using Paylent.Domain.OAuth;
using Paylent.Web.Errors;
using Paylent.Web.Hosting;

namespace Paylent.Web.OAuth;

/// <summary>
/// The environment host's protocol endpoints. Each reads its request by the shared rules of
/// <see cref="OAuthForm"/>, sends one use case, and answers JSON; errors are RFC 6749 JSON (<see cref="OAuthErrorFilter"/>).
/// </summary>
public static class OAuthEndpoints
{
    public const string AuthorizationPath = "/oauth/authorize";
    public const string TokenPath = "/oauth/token";
    public const string UserInfoPath = "/oauth/userinfo";
    public const string EndSessionPath = "/oauth/logout";
    public const string IntrospectionPath = "/oauth/introspect";
    public const string RevocationPath = "/oauth/revoke";
    public const string JwksPath = "/.well-known/jwks.json";

    // Serialized once per issuer. Bounded: the Host header's port is the client's to choose.
    private const int MaxCachedIssuers = 1024;
    private static readonly ConcurrentDictionary<string, string> DiscoveryDocuments = new(StringComparer.Ordinal);

    public static void MapOAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var protocol = endpoints.MapGroup(string.Empty)
            .WithMetadata(new EnvironmentHostAttribute(), new NoSessionCookieAttribute(), ErrorFormat.OAuth)
            .AddEndpointFilter<OAuthErrorFilter>();

        // RFC 8414 §3 and OIDC Discovery §4: the same metadata at both well-known paths. Documents
        // answer HEAD as well (RFC 9110 §9.1; caches and probes use it). Browser apps may read what is
        // public from anywhere, and their own answers from their own origin (OAuthCors).
        string[] document = [HttpMethods.Get, HttpMethods.Head];
        protocol.MapMethods("/.well-known/openid-configuration", document, Discovery).AllowAnyOrigin(document);
        protocol.MapMethods("/.well-known/oauth-authorization-server", document, Discovery).AllowAnyOrigin(document);
        protocol.MapMethods(JwksPath, document, Jwks).AllowAnyOrigin(document);
        protocol.MapPost(TokenPath, Token).RequireRateLimiting(RateLimits.OAuthPerIp).AllowClientOrigins(HttpMethods.Post);
        protocol.MapPost(IntrospectionPath, Introspect).RequireRateLimiting(RateLimits.OAuthPerIp);
        protocol.MapPost(RevocationPath, Revoke).RequireRateLimiting(RateLimits.OAuthPerIp).AllowClientOrigins(HttpMethods.Post);
        protocol.MapMethods(UserInfoPath, [HttpMethods.Get, HttpMethods.Post], UserInfo).RequireRateLimiting(RateLimits.OAuthPerIp)
            .AllowClientOrigins(HttpMethods.Get, HttpMethods.Post);
    }

    /// <summary>The issuer is the environment's public origin (PRODUCT: {scheme}://{host}; see <see cref="PublicOrigin"/>).</summary>
    public static string Issuer(HttpRequest request) => request.PublicOrigin();

    private static IResult Discovery(HttpContext context)
    {
        var issuer = Issuer(context.Request);
        context.Response.Headers.CacheControl = "public, max-age=300";
        var json = DiscoveryDocuments.TryGetValue(issuer, out var cached)
            ? cached
            : DiscoveryDocuments.Count < MaxCachedIssuers ? DiscoveryDocuments.GetOrAdd(issuer, Serialize) : Serialize(issuer);
        return Document(context, json);
    }

    /// <summary>A JSON document, or for HEAD its headers alone (RFC 9110 §9.3.2), whichever server runs the app.</summary>
    private static IResult Document(HttpContext context, string json)
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            return Results.Text(json, "application/json");
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = System.Text.Encoding.UTF8.GetByteCount(json);
        return Results.Empty;
    }

    private static string Serialize(string issuer) => System.Text.Json.JsonSerializer.Serialize(DiscoveryDocument.For(issuer));

    private static async Task<IResult> Jwks(HttpContext context, ITokenSigner signer)
    {
        var (json, etag) = await signer.JwksAsync(context.RequestAborted);
        context.Response.Headers.CacheControl = "public, max-age=60";
        context.Response.Headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch.Any(v => v == etag || v == "*"))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Document(context, json);
    }

    private static async Task<IResult> Token(HttpRequest request, IDispatcher dispatcher, ClientRateLimiter limiter)
    {
        var form = await OAuthForm.ReadAsync(request, "resource");
        await OAuthCors.AllowClientAsync(request.HttpContext, dispatcher, form.Credentials.ClientId);
        limiter.Acquire(request.HttpContext, form.Credentials.ClientId);
        var grantType = form["grant_type"] ?? throw new OAuthException(OAuthErrors.InvalidRequest, "The grant_type parameter is required.");
        var aborted = request.HttpContext.RequestAborted;
        var response = grantType switch
        {
            GrantTypes.ClientCredentials => await dispatcher.Send(
                new IssueClientCredentialsToken(form.Credentials, form["scope"], form.All("resource"), Issuer(request)), aborted),
            GrantTypes.AuthorizationCode => (await dispatcher.Send(
                new RedeemAuthorizationCode(form.Credentials, form["code"], form["redirect_uri"], form["code_verifier"], Issuer(request)), aborted)).Unwrap(),
            GrantTypes.RefreshToken => (await dispatcher.Send(
                new RefreshAccessToken(form.Credentials, form["refresh_token"], form["scope"], Issuer(request), form["organization"]), aborted)).Unwrap(),
            _ => throw new OAuthException(OAuthErrors.UnsupportedGrantType, $"The grant type {grantType} is not supported."),
        };

        var body = new Dictionary<string, object>
        {
            ["access_token"] = response.AccessToken,
            ["token_type"] = response.TokenType,
            ["expires_in"] = response.ExpiresIn,
        };
        Add(body, "scope", response.Scope);
        Add(body, "refresh_token", response.RefreshToken);
        Add(body, "id_token", response.IdToken);
        return OAuthResults.Json(body);
    }

    private static async Task<IResult> Introspect(HttpRequest request, IDispatcher dispatcher, ClientRateLimiter limiter)
    {
        var form = await OAuthForm.ReadAsync(request);
        limiter.Acquire(request.HttpContext, form.Credentials.ClientId);
        var token = form["token"] ?? throw new OAuthException(OAuthErrors.InvalidRequest, "The token parameter is required.");
        var result = await dispatcher.Send(new IntrospectToken(form.Credentials, token, Issuer(request)), request.HttpContext.RequestAborted);
        if (!result.Active)
        {
            return OAuthResults.Json(new Dictionary<string, object> { ["active"] = false });
        }

        var body = new Dictionary<string, object>
        {
            ["active"] = true,
            ["client_id"] = result.ClientId!,
            ["sub"] = result.Subject!,
            ["iss"] = result.Issuer!,
            ["exp"] = new DateTimeOffset(result.ExpiresAt!.Value).ToUnixTimeSeconds(),
            ["iat"] = new DateTimeOffset(result.IssuedAt!.Value).ToUnixTimeSeconds(),
        };
        Add(body, "token_type", result.TokenType);
        Add(body, "jti", result.Jti);
        Add(body, "scope", result.Scope);
        if (result.Audience is { Count: > 0 } audience)
        {
            body["aud"] = audience.Count == 1 ? audience[0] : audience;
        }

        // What the token carried at issuance, as its JWT would say it.
        if (result.Roles is { } roles)
        {
            body["roles"] = roles;
        }

        if (result.Permissions is { } permissions)
        {
            body["permissions"] = permissions;
        }

        if (result.OrganizationId is { } organizationId)
        {
            body["org_id"] = organizationId.ToString();
            Add(body, "org_slug", result.OrganizationSlug);
        }

        return OAuthResults.Json(body);
    }

    private static async Task<IResult> Revoke(HttpRequest request, IDispatcher dispatcher, ClientRateLimiter limiter)
    {
        var form = await OAuthForm.ReadAsync(request);
        await OAuthCors.AllowClientAsync(request.HttpContext, dispatcher, form.Credentials.ClientId);
        limiter.Acquire(request.HttpContext, form.Credentials.ClientId);
        var token = form["token"] ?? throw new OAuthException(OAuthErrors.InvalidRequest, "The token parameter is required.");
        try
        {
            await dispatcher.Send(new RevokeToken(form.Credentials, token), request.HttpContext.RequestAborted);
        }
        catch (ConflictException)
        {
            // A concurrent revocation of the same token won the race: it is revoked either way.
        }

        // RFC 7009 §2.2: 200 whether or not the token was known.
        return OAuthResults.Json(new Dictionary<string, object>());
    }

    /// <summary>
    /// OIDC Core §5.3: the user's claims for an access token with <c>openid</c>. The token comes in the
    /// Authorization header or, on POST, the form (RFC 6750 §2.1-2.2); errors follow §3.1.
    /// </summary>
    private static async Task<IResult> UserInfo(HttpRequest request, IDispatcher dispatcher)
    {
        var token = await BearerToken.ReadAsync(request);
        if (token.Value is null)
        {
            OAuthCors.AllowAnyOriginToReadRefusal(request.HttpContext, HeaderNames.WWWAuthenticate);
            return BearerToken.Challenge(token.Error?.Code, token.Error?.Description);
        }

        var info = await dispatcher.Send(new GetUserInfo(token.Value, Issuer(request)), request.HttpContext.RequestAborted);
        if (info.ClientId is null)
        {
            OAuthCors.AllowAnyOriginToReadRefusal(request.HttpContext, HeaderNames.WWWAuthenticate);
        }
        else
        {
            await OAuthCors.AllowClientAsync(request.HttpContext, dispatcher, info.ClientId, exposeChallenge: true);
        }

        return info.Error switch
        {
            null => OAuthResults.Json(info.Claims!),
            OAuthErrors.InsufficientScope => BearerToken.Challenge(info.Error, "The access token lacks the openid scope.", StatusCodes.Status403Forbidden),
            _ => BearerToken.Challenge(info.Error, "The access token is invalid, expired or revoked."),
        };
    }

    private static void Add(Dictionary<string, object> body, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            body[name] = value;
        }
    }
}

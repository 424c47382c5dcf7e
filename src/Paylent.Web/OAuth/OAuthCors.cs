using Microsoft.Net.Http.Headers;
using Paylent.Application.Common.Messaging;
using Paylent.Application.OAuth.Clients;
using Paylent.Domain.OAuth;

namespace Paylent.Web.OAuth;

/// <summary>
/// CORS (WHATWG Fetch §3.2) for apps in a browser, such as a single-page app with PKCE. Discovery and JWKS
/// are public documents: any origin may read them. The token, revocation and userinfo answers only the
/// origin of one of the client's redirect URIs (<see cref="CheckWebOrigin"/>), errors included, so the
/// app can read its <c>invalid_grant</c>; any other origin gets no <c>Access-Control-Allow-Origin</c> and
/// the browser keeps the answer from it (the request itself is processed as any other). A userinfo refusal
/// that names no client (no token, or one unknown or expired) is readable from any origin
/// (<see cref="AllowAnyOriginToReadRefusal"/>), so an app can tell it must sign in again. Never with
/// credentials: these endpoints take no cookies. Introspection has none of this (resource servers call it).
/// </summary>
internal static class OAuthCors
{
    private const string AllowedHeaders = "Authorization, Content-Type";

    // Seconds a browser may reuse a preflight's answer (Chromium keeps at most 7200).
    private const string MaxAge = "600";

    /// <summary>A public document: <c>*</c> on every answer (with or without an <c>Origin</c>, so any cache may serve it to anyone), and its preflight.</summary>
    public static RouteHandlerBuilder AllowAnyOrigin(this RouteHandlerBuilder endpoint, params string[] methods) =>
        endpoint.AcceptPreflight(methods).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            http.Response.Headers.AccessControlAllowOrigin = "*";
            return IsPreflight(http.Request) ? Preflight(http, string.Join(", ", methods)) : await next(context);
        });

    /// <summary>
    /// An endpoint whose answers belong to a client (<see cref="AllowClientAsync"/>). Its preflight carries no
    /// body, hence no client: it is answered for any origin, and the actual answer's header decides.
    /// </summary>
    public static RouteHandlerBuilder AllowClientOrigins(this RouteHandlerBuilder endpoint, params string[] methods) =>
        endpoint.AcceptPreflight(methods).WithMetadata(ClientOrigins.Instance).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!IsPreflight(http.Request))
            {
                return await next(context);
            }

            if (Origin(http.Request) is { } origin && WebOrigin.IsSerialized(origin))
            {
                http.Response.Headers.AccessControlAllowOrigin = origin;
                http.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Origin);
                return Preflight(http, string.Join(", ", methods));
            }

            // Not an origin (null, garbage): the browser finds no permission and sends nothing.
            return Results.NoContent();
        });

    /// <summary>
    /// Lets the request's origin read the answer when it is a web origin of <paramref name="clientId"/>: called
    /// before the endpoint answers, so its success and its errors alike carry the headers. Without an
    /// <c>Origin</c> it does nothing at all; with one, the client comes from the cache the request reads it from.
    /// </summary>
    /// <param name="exposeChallenge">A bearer endpoint: the app may read <c>WWW-Authenticate</c> (RFC 6750 §3).</param>
    public static async Task AllowClientAsync(HttpContext http, IDispatcher dispatcher, string? clientId, bool exposeChallenge = false)
    {
        if (string.IsNullOrEmpty(clientId) || Origin(http.Request) is not { } origin
            || !await dispatcher.Send(new CheckWebOrigin(clientId, origin), http.RequestAborted))
        {
            return;
        }

        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        if (exposeChallenge)
        {
            headers.AccessControlExposeHeaders = HeaderNames.WWWAuthenticate;
        }
    }

    /// <summary>
    /// A refusal that names no client, which any web origin may read: a bearer endpoint's for a token that
    /// names none (none sent, unknown, expired), so a browser app whose token has lapsed sees the 401 and
    /// its challenge (RFC 6750 §3) rather than a network error; and the per-address 429 of an endpoint
    /// browser apps call (<see cref="AllowAnyOriginToReadThrottling"/>). It says nothing about any user or client,
    /// and the endpoint takes no cookies, so there is nothing to withhold from another origin.
    /// </summary>
    public static void AllowAnyOriginToReadRefusal(HttpContext http, string exposedHeader)
    {
        if (Origin(http.Request) is not { } origin || !WebOrigin.IsSerialized(origin))
        {
            return;
        }

        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        headers.AccessControlExposeHeaders = exposedHeader;
    }

    /// <summary>
    /// The per-address 429 of an endpoint browser apps call: the limit refuses before the request names
    /// its client, so any origin may read it (it tells only that the caller's own address is throttled),
    /// with <c>Retry-After</c> (no CORS-safelisted header; without it the app could only guess when to
    /// try again).
    /// </summary>
    public static void AllowAnyOriginToReadThrottling(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<ClientOrigins>() is not null)
        {
            AllowAnyOriginToReadRefusal(http, HeaderNames.RetryAfter);
        }
    }

    /// <summary>The per-client 429, read by the client's own origin only: with its <c>Retry-After</c>.</summary>
    public static void ExposeRetryAfter(HttpContext http)
    {
        var headers = http.Response.Headers;
        if (headers.AccessControlAllowOrigin.Count > 0)
        {
            headers.AccessControlExposeHeaders = headers.AccessControlExposeHeaders.Count == 0
                ? HeaderNames.RetryAfter
                : $"{headers.AccessControlExposeHeaders}, {HeaderNames.RetryAfter}";
        }
    }

    // Routing sends an OPTIONS with Origin and Access-Control-Request-Method here (one of these methods
    // asked for); any other OPTIONS still finds no endpoint and is answered 405, as before.
    private static RouteHandlerBuilder AcceptPreflight(this RouteHandlerBuilder endpoint, params string[] methods) =>
        endpoint.WithMetadata(new HttpMethodMetadata(methods, acceptCorsPreflight: true));

    private static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method) && request.Headers.Origin.Count > 0 && request.Headers.AccessControlRequestMethod.Count > 0;

    private static string? Origin(HttpRequest request) => request.Headers.Origin is { Count: 1 } origin ? origin[0] : null;

    /// <summary>Endpoint metadata: browser apps call this endpoint (<see cref="AllowClientOrigins"/>).</summary>
    private sealed class ClientOrigins
    {
        public static readonly ClientOrigins Instance = new();
    }

    private static IResult Preflight(HttpContext http, string methods)
    {
        var headers = http.Response.Headers;
        headers.AccessControlAllowMethods = methods;
        headers.AccessControlAllowHeaders = AllowedHeaders;
        headers.AccessControlMaxAge = MaxAge;
        return Results.NoContent();
    }
}

using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Paylent.Testing;

namespace Paylent.InteropTests;

/// <summary>
/// A third party's API protected by ASP.NET Core's JwtBearer handler, configured as its docs say: only
/// the Authority (Paylent's environment issuer) and the audience. The handler finds the JWKS through
/// discovery and fetches both over real HTTP from the listening Paylent. The API itself runs in memory
/// (TestServer): only the backchannel to Paylent needs to be the real thing.
/// </summary>
public sealed class ResourceServer : IAsyncDisposable
{
    /// <summary>A policy on a permission: the token's <c>permissions</c> must hold <c>invoices:read</c>.</summary>
    public const string InvoicesReadPolicy = "invoices:read";

    private readonly WebApplication _app;

    private ResourceServer(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    /// <summary>The handler's view of the issuer's metadata and keys (discovery + JWKS).</summary>
    public IConfigurationManager<OpenIdConnectConfiguration> Metadata =>
        _app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager!;

    public static async Task<ResourceServer> StartAsync(string authority, string audience)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.Authority = authority;
            options.Audience = audience;

            // The tests run on http://*.localhost; glibc does not resolve those names (see Loopback).
            options.RequireHttpsMetadata = false;
            options.BackchannelHttpHandler = Loopback.Handler();

            // JwtBearer refetches discovery and JWKS when a token names an unknown kid, at most once per
            // RefreshInterval (default 5 minutes, minimum 1 second). A rotation test presents new kids
            // within seconds of each other, so 1 second keeps it fast; a production API keeps the default.
            options.RefreshInterval = TimeSpan.FromSeconds(1);

            // RFC 9068 §4: a resource server checks typ "at+jwt", so an ID token is never taken for an access token.
            options.TokenValidationParameters.ValidTypes = ["at+jwt"];
            options.MapInboundClaims = false;

            // Paylent's flat `roles` claim (RFC 9068 §2.2.3.1) as ASP.NET Core's roles: [Authorize(Roles = ...)] reads it.
            options.TokenValidationParameters.RoleClaimType = "roles";
        });
        // Microsoft.IdentityModel keeps the keys of the last known good metadata for an hour
        // (LastKnownGoodLifetime) and still accepts a token whose kid has left the JWKS, to ride out a
        // metadata outage. An API that wants a deactivated key refused at its next metadata refresh
        // turns that off, as this one does; with the default, a deactivated key lives on for that hour.
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme,
            options => ((BaseConfigurationManager)options.ConfigurationManager!).UseLastKnownGoodConfiguration = false);
        builder.Services.AddAuthorization(options =>
            options.AddPolicy(InvoicesReadPolicy, policy => policy.RequireClaim("permissions", "invoices:read")));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/orders", (HttpContext context) => Results.Json(new
        {
            sub = context.User.FindFirst("sub")?.Value,
            client_id = context.User.FindFirst("client_id")?.Value,
            scope = context.User.FindFirst("scope")?.Value,
        })).RequireAuthorization();
        app.MapGet("/invoices", () => Results.Ok()).RequireAuthorization(InvoicesReadPolicy);
        app.MapGet("/admin", () => Results.Ok()).RequireAuthorization(policy => policy.RequireRole("ROLE_ADMIN"));
        await app.StartAsync();
        return new ResourceServer(app);
    }

    public Task<HttpResponseMessage> GetOrdersAsync(string token) => GetAsync("/orders", token);

    public async Task<HttpResponseMessage> GetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

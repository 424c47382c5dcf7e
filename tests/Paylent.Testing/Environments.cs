using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.OAuth.Clients;
using Paylent.Application.Tenancy;
using Paylent.Domain.OAuth;

namespace Paylent.Testing;

/// <summary>Acting inside one of the bootstrapped environments from a test, as the management API would.</summary>
public static class Environments
{
    public static async Task<T> InEnvironmentAsync<T>(this PaylentApp app, string environment, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var summary = await scope.ServiceProvider.GetRequiredService<IDispatcher>().Send(new FindEnvironmentByHostLabel("demo-" + environment))
            ?? throw new InvalidOperationException($"No environment {environment}.");
        scope.ServiceProvider.GetRequiredService<EnvironmentContext>().Enter(summary.AccountId, summary.Id);
        return await action(scope.ServiceProvider);
    }

    /// <summary>Sends <paramref name="request"/> in the environment and waits for the work it handed over to run after it.</summary>
    public static async Task<T> SendAsync<T>(this PaylentApp app, string environment, MediatR.IRequest<T> request)
    {
        var result = await app.InEnvironmentAsync(environment, services => services.GetRequiredService<IDispatcher>().Send(request));
        await app.BackgroundCommandsDoneAsync();
        return result;
    }

    public static Task<OAuthClientWithSecret> CreateClientAsync(
        this PaylentApp app, string environment = "test", ClientType type = ClientType.Confidential, TokenFormat format = TokenFormat.Jwt,
        IReadOnlyList<string>? grantTypes = null, IReadOnlyList<string>? scopes = null, IReadOnlyList<string>? redirectUris = null) =>
        app.SendAsync(environment, new CreateOAuthClient(type, new OAuthClientSettings(
            Name: "Test client",
            RedirectUris: redirectUris ?? ["https://app.example/callback"],
            PostLogoutRedirectUris: [],
            GrantTypes: grantTypes ?? [GrantTypes.ClientCredentials],
            AllowedScopes: scopes ?? ["orders:read", "orders:write"],
            TokenFormat: format)));
}

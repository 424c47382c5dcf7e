using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Paylent.Application;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.OAuth.Clients;
using Paylent.Application.Tenancy;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure;

namespace Paylent.Benchmarks;

/// <summary>
/// Creates the benchmark's opaque-token client. There is no management API for clients yet, so this
/// runs the application's own <see cref="CreateOAuthClient"/> use case in process, with the server's
/// configuration, against the server's database (validation, audit and all, as the API will).
/// </summary>
internal static class OpaqueClientSetup
{
    public const string Scope = "bench";

    public static async Task<(string ClientId, string ClientSecret)> CreateAsync(string environmentLabel, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
            .AddApplication()
            .AddInfrastructure(configuration);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = false });
        await using var scope = provider.CreateAsyncScope();
        var dispatcher = scope.ServiceProvider.GetRequiredService<IDispatcher>();
        var environment = await dispatcher.Send(new FindEnvironmentByHostLabel(environmentLabel), cancellationToken)
            ?? throw new BenchmarkException($"No environment {environmentLabel} in the database (has the server bootstrapped it?).");
        scope.ServiceProvider.GetRequiredService<EnvironmentContext>().Enter(environment.AccountId, environment.Id);

        var created = await dispatcher.Send(
            new CreateOAuthClient(ClientType.Confidential, new OAuthClientSettings(
                Name: "Benchmark (opaque tokens)",
                RedirectUris: [],
                PostLogoutRedirectUris: [],
                GrantTypes: [GrantTypes.ClientCredentials],
                AllowedScopes: [Scope],
                TokenFormat: TokenFormat.Opaque)),
            cancellationToken);
        return (created.Client.ClientId, created.ClientSecret ?? throw new BenchmarkException("The new confidential client has no secret."));
    }
}

using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Paylent.Application;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Identity.Users;
using Paylent.Application.OAuth.Clients;
using Paylent.Application.Tenancy;
using Paylent.Domain.Identity;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure;

namespace Paylent.Benchmarks;

/// <summary>What the <c>setup</c> command made: the opaque-token client, the sign-in users' shared password, the code-flow client and the ES256 JWT client.</summary>
internal sealed record BenchFixtures(
    string ClientId, string ClientSecret, string UserPassword, string CodeClientId, string CodeClientSecret, string Es256ClientId, string Es256ClientSecret);

/// <summary>
/// Creates what the benchmark needs beyond the bootstrap, in process through the application's own
/// use cases (<see cref="CreateOAuthClient"/>, <see cref="CreateUser"/>), with the server's
/// configuration, against the server's database (validation, hashing, audit and all, as the API does):
/// an opaque-token client, a first-party code-flow client, a JWT client signed with ES256, and <see cref="BenchUsers.Count"/> users
/// for the sign-in scenario (one per worker, so concurrent sign-ins never race on one user's row) and
/// for the sessions of the code-flow and refresh scenarios.
/// </summary>
internal static class BenchSetup
{
    public const string Scope = "bench";

    /// <summary>The code-flow client's redirect URI: never fetched, the benchmark only reads the code from the redirect.</summary>
    public const string RedirectUri = "https://bench.example/callback";

    /// <summary>What the code flow asks for: an ID token and, through <c>offline_access</c>, a refresh token.</summary>
    public const string CodeFlowScope = "openid offline_access";

    public static async Task<BenchFixtures> CreateAsync(string environmentLabel, CancellationToken cancellationToken)
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

        // First party, so no consent page: authorize with a session answers the code at once.
        var codeClient = await dispatcher.Send(
            new CreateOAuthClient(ClientType.Confidential, new OAuthClientSettings(
                Name: "Benchmark (code flow)",
                RedirectUris: [RedirectUri],
                PostLogoutRedirectUris: [],
                GrantTypes: [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken],
                AllowedScopes: [Scopes.OpenId, Scopes.OfflineAccess],
                TokenFormat: TokenFormat.Jwt,
                FirstParty: true)),
            cancellationToken);

        // JWT access tokens signed by the environment's P-256 key (id_token_signed_response_alg), beside the management client's RS256.
        var es256 = await dispatcher.Send(
            new CreateOAuthClient(ClientType.Confidential, new OAuthClientSettings(
                Name: "Benchmark (ES256 JWT)",
                RedirectUris: [],
                PostLogoutRedirectUris: [],
                GrantTypes: [GrantTypes.ClientCredentials],
                AllowedScopes: [Scope],
                TokenFormat: TokenFormat.Jwt,
                IdTokenSignedResponseAlg: SigningAlgorithms.Es256)),
            cancellationToken);

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        for (var i = 0; i < BenchUsers.Count; i++)
        {
            await dispatcher.Send(new CreateUser(new UserProfile(BenchUsers.Email(i), null, null, null, EmailVerified: true), password), cancellationToken);
        }

        return new BenchFixtures(
            created.Client.ClientId, created.ClientSecret ?? throw new BenchmarkException("The new confidential client has no secret."), password,
            codeClient.Client.ClientId, codeClient.ClientSecret ?? throw new BenchmarkException("The new code-flow client has no secret."),
            es256.Client.ClientId, es256.ClientSecret ?? throw new BenchmarkException("The new ES256 client has no secret."));
    }
}

/// <summary>The users the sign-in scenario signs in as.</summary>
internal static class BenchUsers
{
    public const int Count = 64;

    public static string Email(int index) => string.Create(CultureInfo.InvariantCulture, $"bench-{index}@bench.example");
}

using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Paylent.Application;
using Paylent.Application.Access.Assignments;
using Paylent.Application.Access.Permissions;
using Paylent.Application.Access.Roles;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Identity.Users;
using Paylent.Application.OAuth.Clients;
using Paylent.Application.Tenancy;
using Paylent.Domain.Identity;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure;

namespace Paylent.Benchmarks;

/// <summary>What the <c>setup</c> command made: the opaque-token client, the sign-in users' shared password, the code-flow client, the ES256 JWT client and the RBAC service client.</summary>
internal sealed record BenchFixtures(
    string ClientId, string ClientSecret, string UserPassword, string CodeClientId, string CodeClientSecret, string Es256ClientId, string Es256ClientSecret,
    string RbacClientId, string RbacClientSecret);

/// <summary>
/// Creates what the benchmark needs beyond the bootstrap, in process through the application's own
/// use cases (<see cref="CreateOAuthClient"/>, <see cref="CreateUser"/>), with the server's
/// configuration, against the server's database (validation, hashing, audit and all, as the API does):
/// an opaque-token client, a first-party code-flow client, a JWT client signed with ES256, and <see cref="BenchUsers.Count"/> users
/// for the sign-in scenario (one per worker, so concurrent sign-ins never race on one user's row) and
/// for the sessions of the code-flow and refresh scenarios; and, for the RBAC scenarios, <see cref="BenchRoles"/>: a
/// JWT service client and a user (<see cref="BenchUsers.RbacEmail"/>) holding 20 roles in 3 levels of
/// composites with 200 effective permissions.
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

        // First party, so no consent page: authorize with a session answers the code at once. RS256 unless UserFlowSigning says ES256.
        var codeClient = await dispatcher.Send(
            new CreateOAuthClient(ClientType.Confidential, new OAuthClientSettings(
                Name: "Benchmark (code flow)",
                RedirectUris: [RedirectUri],
                PostLogoutRedirectUris: [],
                GrantTypes: [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken],
                AllowedScopes: [Scopes.OpenId, Scopes.OfflineAccess],
                TokenFormat: TokenFormat.Jwt,
                FirstParty: true,
                IdTokenSignedResponseAlg: UserFlowSigning.Algorithm)),
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

        // The twin of the jwt-token scenario's client (RS256 JWT, client_credentials), with roles.
        var rbac = await dispatcher.Send(
            new CreateOAuthClient(ClientType.Confidential, new OAuthClientSettings(
                Name: "Benchmark (JWT, 20 roles)",
                RedirectUris: [],
                PostLogoutRedirectUris: [],
                GrantTypes: [GrantTypes.ClientCredentials],
                AllowedScopes: [Scope],
                TokenFormat: TokenFormat.Jwt)),
            cancellationToken);
        var rbacUser = await dispatcher.Send(new CreateUser(new UserProfile(BenchUsers.RbacEmail, null, null, null, EmailVerified: true), password), cancellationToken);
        var tops = await CreateRoleTreeAsync(dispatcher, cancellationToken);
        await dispatcher.Send(new AssignRoles(RoleSubject.Client(rbac.Client.Id), tops), cancellationToken);
        await dispatcher.Send(new AssignRoles(RoleSubject.User(rbacUser.Id), tops), cancellationToken);

        return new BenchFixtures(
            created.Client.ClientId, created.ClientSecret ?? throw new BenchmarkException("The new confidential client has no secret."), password,
            codeClient.Client.ClientId, codeClient.ClientSecret ?? throw new BenchmarkException("The new code-flow client has no secret."),
            es256.Client.ClientId, es256.ClientSecret ?? throw new BenchmarkException("The new ES256 client has no secret."),
            rbac.Client.ClientId, rbac.ClientSecret ?? throw new BenchmarkException("The new RBAC client has no secret."));
    }

    /// <summary>
    /// <see cref="BenchRoles.Count"/> roles with <see cref="BenchRoles.PermissionsPerRole"/> permissions of
    /// their own each: 2 top roles, each including 3 middle roles, each including 2 leaf roles. Holding the
    /// 2 top roles (returned) gives all 20 roles and 200 permissions, 3 levels deep.
    /// </summary>
    private static async Task<IReadOnlyList<Guid>> CreateRoleTreeAsync(IDispatcher dispatcher, CancellationToken cancellationToken)
    {
        async Task<Guid> RoleAsync(string slug, IReadOnlyList<Guid> included)
        {
            var role = await dispatcher.Send(new CreateRole(slug, $"Benchmark {slug}", null, null, IsDefault: false), cancellationToken);
            var permissions = new List<Guid>();
            for (var i = 0; i < BenchRoles.PermissionsPerRole; i++)
            {
                permissions.Add((await dispatcher.Send(new CreatePermission($"{slug}:action-{i}", null), cancellationToken)).Id);
            }

            await dispatcher.Send(new AddRolePermissions(role.Id, permissions), cancellationToken);
            if (included.Count > 0)
            {
                await dispatcher.Send(new IncludeRoles(role.Id, included), cancellationToken);
            }

            return role.Id;
        }

        var tops = new List<Guid>();
        for (var top = 0; top < 2; top++)
        {
            var middles = new List<Guid>();
            for (var middle = 0; middle < 3; middle++)
            {
                var leaves = new List<Guid>();
                for (var leaf = 0; leaf < 2; leaf++)
                {
                    leaves.Add(await RoleAsync(string.Create(CultureInfo.InvariantCulture, $"bench.l3-{top}{middle}{leaf}"), []));
                }

                middles.Add(await RoleAsync(string.Create(CultureInfo.InvariantCulture, $"bench.l2-{top}{middle}"), leaves));
            }

            tops.Add(await RoleAsync(string.Create(CultureInfo.InvariantCulture, $"bench.l1-{top}"), middles));
        }

        return tops;
    }
}

/// <summary>The users the sign-in scenario signs in as.</summary>
internal static class BenchUsers
{
    public const int Count = 64;

    /// <summary>The user holding the <see cref="BenchRoles"/>, whose sessions the refresh-rbac scenario refreshes.</summary>
    public const string RbacEmail = "bench-rbac@bench.example";

    public static string Email(int index) => string.Create(CultureInfo.InvariantCulture, $"bench-{index}@bench.example");
}

/// <summary>What the RBAC subjects hold (issue 12): the token must carry exactly this many of each.</summary>
internal static class BenchRoles
{
    public const int Count = 20;

    public const int PermissionsPerRole = 10;

    public const int Permissions = Count * PermissionsPerRole;
}

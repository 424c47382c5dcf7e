using Paylent.Application.Identity.Sessions;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Identity;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Support;

/// <summary>Users and their sessions made through the application's own use cases, as the hosted pages would.</summary>
public static class Identity
{
    public const string Password = "correct horse battery staple";

    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    public static Task<UserDto> CreateUserAsync(this PaylentApp app, string? email = null, string environment = "test", string? password = Password) =>
        app.SendAsync(environment, new CreateUser(new UserProfile(email ?? NewEmail(), null, "Ada", "Lovelace"), password));

    public static async Task<StartedSession> SignInAsync(this PaylentApp app, string email, string environment = "test", string password = Password)
    {
        var result = await app.SendAsync(environment, new SignInWithPassword(email, password, new SessionClient("203.0.113.7", "Integration browser")));
        return result.Session ?? throw new InvalidOperationException($"Sign-in failed: {result.Failure}");
    }
}

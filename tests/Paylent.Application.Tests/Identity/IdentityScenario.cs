using Paylent.Application.Identity.Sessions;
using Paylent.Application.Identity.Users;
using Paylent.Application.Tenancy;
using Paylent.Application.Tests.Support;
using Paylent.Domain.Identity;

namespace Paylent.Application.Tests.Identity;

/// <summary>An account with one user who has a password, in the <c>test</c> environment.</summary>
internal sealed record IdentityScenario(ApplicationHarness App, CreatedAccount Account, UserDto User)
{
    public const string Email = "ada@example.com";
    public const string Password = "a long enough passphrase";
    public const string BaseUrl = "https://acme-test.localhost";
    public static readonly SessionClient Client = new("127.0.0.1", "tests");

    public (Guid AccountId, Guid EnvironmentId) Test => Account.In("test");

    public static async Task<IdentityScenario> StartAsync(TestClock? clock = null, IDictionary<string, string?>? settings = null)
    {
        var app = await ApplicationHarness.StartAsync(settings, clock: clock);
        var account = await app.CreateAcmeAsync();
        var user = await app.Send(new CreateUser(new UserProfile(Email, null, "Ada", null), Password), account.In("test"));
        return new IdentityScenario(app, account, user);
    }

    public Task<SignInResult> SignIn(string password = Password, string email = Email) =>
        App.Send(new SignInWithPassword(email, password, Client), Test);
}

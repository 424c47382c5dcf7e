using Paylent.Application.Tenancy;

namespace Paylent.Application.Tests.Support;

/// <summary>An account created through the real use case, so each environment is provisioned as in production.</summary>
internal static class TestAccounts
{
    public static Task<CreatedAccount> CreateAcmeAsync(this ApplicationHarness app) =>
        app.Send(new CreateAccount("acme", "Acme", "owner@acme.example", "correct horse battery", ApplicationHarness.ManagementSecret));

    /// <summary>The (account, environment) pair <see cref="ApplicationHarness.Send{T}"/> enters.</summary>
    public static (Guid AccountId, Guid EnvironmentId) In(this CreatedAccount account, string environment) =>
        (account.AccountId, account.Environments.Single(e => e.Slug == environment).Id);
}

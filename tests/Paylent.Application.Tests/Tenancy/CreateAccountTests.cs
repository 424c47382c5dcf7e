using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Tenancy;
using Paylent.Application.Tests.Support;
using Paylent.Domain.Audit;
using Paylent.Application.Common.Security;
using Paylent.Domain.Common;
using Paylent.Domain.OAuth;

namespace Paylent.Application.Tests.Tenancy;

public sealed class CreateAccountTests
{
    private static CreateAccount Acme => new("acme", "Acme", "Owner@Acme.example", "correct horse battery", ApplicationHarness.ManagementSecret);

    [Fact]
    public async Task Creating_an_account_creates_test_and_production_environments_and_the_admin()
    {
        await using var app = await ApplicationHarness.StartAsync();

        var created = await app.Send(Acme);

        Assert.Equal(["production", "test"], created.Environments.Select(e => e.Slug).Order());
        Assert.All(created.Environments, e => Assert.Equal(created.AccountId, e.AccountId));
        var admin = await app.Read(db => db.Admins.SingleAsync());
        Assert.Equal("owner@acme.example", admin.Email);
        Assert.StartsWith("$argon2id$v=19$m=1024,t=1,p=1$", admin.PasswordHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_created_resource_is_audited_in_the_same_save_with_field_changes()
    {
        await using var app = await ApplicationHarness.StartAsync();

        var created = await app.Send(Acme);

        var events = await app.AllAuditEvents();
        Assert.Equal(
            ["account.created", "admin.created", "environment.created", "environment.created", "oauth_client.created", "oauth_client.created",
                "role.created", "role.created", "role.created", "role.created", "role.created", "role.created",
                "signing_key.created", "signing_key.created", "signing_key.created", "signing_key.created"],
            events.Select(e => e.Action).Order());
        Assert.All(events, e => Assert.Equal(AuditActor.System, e.Actor));
        Assert.All(events, e => Assert.Equal(created.AccountId, e.AccountId));

        var account = events.Single(e => e.Action == "account.created");
        Assert.Equal(new AuditTarget("account", created.AccountId.ToString()), Assert.Single(account.Targets));
        Assert.Null(account.Changes["slug"].From);
        Assert.Equal("acme", account.Changes["slug"].To?.ToString());
        Assert.False(account.Changes.ContainsKey("version"));

        var test = created.Environments.Single(e => e.Slug == "test");
        var environmentEvent = events.Single(e => e.Action == "environment.created" && e.EnvironmentId == test.Id);
        Assert.Equal("test", environmentEvent.Changes["slug"].To?.ToString());
    }

    [Fact]
    public async Task Every_environment_starts_with_a_primary_signing_key_of_each_algorithm_and_the_management_client()
    {
        await using var app = await ApplicationHarness.StartAsync();

        var created = await app.Send(Acme);

        foreach (var environment in created.Environments)
        {
            var keys = await app.Read(db => db.SigningKeys.IgnoreQueryFilters().Where(k => k.EnvironmentId == environment.Id).ToListAsync());
            Assert.Equal(["ES256", "RS256"], keys.Select(k => k.Algorithm).Order());
            Assert.All(keys, k => Assert.Equal(SigningKeyStatus.Primary, k.Status));
            Assert.All(keys, k => Assert.StartsWith("v1.", k.EncryptedPrivateKey, StringComparison.Ordinal));
            var client = await app.Read(db => db.OAuthClients.IgnoreQueryFilters().SingleAsync(c => c.EnvironmentId == environment.Id));
            Assert.Equal(OAuthClient.ManagementClientId, client.ClientId);
            Assert.Equal(["client_credentials"], client.GrantTypes);
            Assert.Equal(["paylent:manage"], client.AllowedScopes);
            Assert.True(Secrets.Matches(client.SecretHash, ApplicationHarness.ManagementSecret));
        }

        var keyEvents = (await app.AllAuditEvents()).Where(e => e.Action is "signing_key.created" or "oauth_client.created").ToList();
        Assert.All(keyEvents, e => Assert.Contains(e.EnvironmentId, created.Environments.Select(env => (Guid?)env.Id)));
        Assert.All(keyEvents.Where(e => e.Action == "signing_key.created"), e => Assert.Equal(AuditChange.Redacted, e.Changes["encrypted_private_key"].To?.ToString()));
        Assert.All(keyEvents.Where(e => e.Action == "oauth_client.created"), e => Assert.Equal(AuditChange.Redacted, e.Changes["secret_hash"].To?.ToString()));
    }

    [Fact]
    public async Task Without_a_configured_secret_each_environment_gets_its_own_generated_management_secret()
    {
        await using var app = await ApplicationHarness.StartAsync();

        var created = await app.Send(Acme with { ManagementClientSecret = null });

        Assert.Equal(created.Environments.Select(e => e.Id).Order(), created.GeneratedManagementClientSecrets.Keys.Order());
        Assert.Equal(2, created.GeneratedManagementClientSecrets.Values.Distinct().Count());
        foreach (var environment in created.Environments)
        {
            var client = await app.Read(db => db.OAuthClients.IgnoreQueryFilters().SingleAsync(c => c.EnvironmentId == environment.Id));
            foreach (var (environmentId, secret) in created.GeneratedManagementClientSecrets)
            {
                // Test's secret never opens production's client, nor the other way round.
                Assert.Equal(environmentId == environment.Id, Secrets.Matches(client.SecretHash, secret));
            }
        }
    }

    [Fact]
    public async Task A_configured_management_secret_is_used_as_given_and_nothing_is_generated()
    {
        await using var app = await ApplicationHarness.StartAsync();

        var created = await app.Send(Acme);

        Assert.Empty(created.GeneratedManagementClientSecrets);
    }

    [Fact]
    public async Task Audit_changes_never_contain_the_password_or_its_hash()
    {
        await using var app = await ApplicationHarness.StartAsync();

        await app.Send(Acme);

        var adminCreated = (await app.AllAuditEvents()).Single(e => e.Action == "admin.created");
        Assert.Equal(AuditChange.Redacted, adminCreated.Changes["password_hash"].To?.ToString());
        var hash = await app.Read(db => db.Admins.Select(a => a.PasswordHash).SingleAsync());
        var stored = await app.Read(db => db.Database.SqlQueryRaw<string>("SELECT changes AS \"Value\" FROM audit_events").ToListAsync());
        Assert.DoesNotContain(stored, s => s.Contains(hash, StringComparison.Ordinal) || s.Contains("correct horse", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Acme", "acme@example.com", "long enough password", nameof(CreateAccount.Slug))]
    [InlineData("acme", "not-an-email", "long enough password", nameof(CreateAccount.AdminEmail))]
    [InlineData("acme", "acme@example.com", "short", nameof(CreateAccount.AdminPassword))]
    public async Task Invalid_input_is_rejected_by_field_and_nothing_is_written(string slug, string email, string password, string field)
    {
        await using var app = await ApplicationHarness.StartAsync();

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => app.Send(new CreateAccount(slug, "Acme", email, password, ApplicationHarness.ManagementSecret)));

        Assert.Contains(error.Errors, e => e.Field == field);
        Assert.Equal(0, await app.Read(db => db.Accounts.CountAsync()));
        Assert.Empty(await app.AllAuditEvents());
    }

    [Fact]
    public async Task A_taken_slug_is_a_business_error_with_a_stable_code()
    {
        await using var app = await ApplicationHarness.StartAsync();
        await app.Send(Acme);

        var error = await Assert.ThrowsAsync<DomainException>(() => app.Send(Acme with { AdminEmail = "other@acme.example" }));

        Assert.Equal("slug_taken", error.Code);
        Assert.Equal(1, await app.Read(db => db.Accounts.CountAsync()));
    }

    [Fact]
    public async Task An_admin_email_taken_by_another_account_is_a_conflict_not_a_crash()
    {
        await using var app = await ApplicationHarness.StartAsync();
        await app.Send(Acme);

        await Assert.ThrowsAsync<ConflictException>(() => app.Send(Acme with { Slug = "globex" }));

        Assert.Equal(1, await app.Read(db => db.Accounts.CountAsync()));
    }
}

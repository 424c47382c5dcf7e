using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Tenancy;
using Paylent.Application.Tests.Support;
using Paylent.Domain.Audit;
using Paylent.Domain.Common;

namespace Paylent.Application.Tests.Tenancy;

public sealed class SignInAdminTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Correct_credentials_sign_in_and_audit_the_admin_as_actor()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.Send(new CreateAccount("acme", "Acme", "owner@acme.example", Password, ApplicationHarness.ManagementSecret));

        var signedIn = await app.Send(new SignInAdmin("OWNER@acme.example", Password));

        Assert.NotNull(signedIn);
        Assert.Equal(account.AdminId, signedIn.AdminId);
        var audited = (await app.AllAuditEvents()).Single(e => e.Action == "admin.signed_in");
        Assert.Equal(AuditActor.Admin(account.AdminId), audited.Actor);
        Assert.Null(audited.EnvironmentId);
        Assert.Null(audited.Changes["last_signed_in_at"].From);
        Assert.NotNull(audited.Changes["last_signed_in_at"].To);
        Assert.False(audited.Changes.ContainsKey("password_hash"));
    }

    [Theory]
    [InlineData("owner@acme.example", "wrong password")]
    [InlineData("nobody@acme.example", Password)]
    public async Task Wrong_password_and_unknown_email_fail_alike_audited_without_the_password_and_start_no_session(string email, string password)
    {
        await using var app = await ApplicationHarness.StartAsync();
        await app.Send(new CreateAccount("acme", "Acme", "owner@acme.example", Password, ApplicationHarness.ManagementSecret));
        var before = (await app.AllAuditEvents()).Count;

        var signedIn = await app.Send(new SignInAdmin(email, password));

        Assert.Null(signedIn);
        var events = await app.AllAuditEvents();
        var failed = Assert.Single(events.Skip(before));
        Assert.Equal("admin.sign_in_failed", failed.Action);
        Assert.Empty(failed.Changes);
        Assert.DoesNotContain(failed.Metadata.Values, v => v.Contains(password, StringComparison.Ordinal));
        Assert.Null(await app.Read(db => db.Admins.Select(a => a.LastSignedInAt).SingleAsync()));
        Assert.Equal(0, await app.Read(db => db.AdminSessions.CountAsync()));
    }

    [Fact]
    public async Task The_attempt_that_reaches_the_threshold_with_the_right_password_signs_in_and_lifts_its_lock()
    {
        await using var app = await ApplicationHarness.StartAsync(new Dictionary<string, string?> { ["Paylent:Identity:LockoutThreshold"] = "3" });
        await app.Send(new CreateAccount("acme", "Acme", "owner@acme.example", Password, ApplicationHarness.ManagementSecret));
        Assert.Null(await app.Send(new SignInAdmin("owner@acme.example", "wrong password")));
        Assert.Null(await app.Send(new SignInAdmin("owner@acme.example", "wrong password")));

        Assert.NotNull(await app.Send(new SignInAdmin("owner@acme.example", Password)));

        var admin = await app.Read(db => db.Admins.Select(a => new { a.FailedSignIns, a.LockedUntil }).SingleAsync());
        Assert.Equal(0, admin.FailedSignIns);
        Assert.Null(admin.LockedUntil);
        Assert.NotNull(await app.Send(new SignInAdmin("owner@acme.example", Password)));
        Assert.DoesNotContain(await app.AllAuditEvents(), e => e.Action == "admin.locked");
    }

    [Fact]
    public async Task A_hash_with_outdated_parameters_is_upgraded_at_sign_in_and_redacted_in_audit()
    {
        var database = Guid.NewGuid().ToString("N");
        await using var before = await ApplicationHarness.StartAsync(database: database);
        await before.Send(new CreateAccount("acme", "Acme", "owner@acme.example", Password, ApplicationHarness.ManagementSecret));
        var oldHash = await before.Read(db => db.Admins.Select(a => a.PasswordHash).SingleAsync());

        await using var after = await ApplicationHarness.StartAsync(new Dictionary<string, string?> { ["Paylent:PasswordHashing:MemoryKiB"] = "2048" }, database);
        await after.Send(new SignInAdmin("owner@acme.example", Password));

        var newHash = await after.Read(db => db.Admins.Select(a => a.PasswordHash).SingleAsync());
        Assert.Contains("$m=1024,t=1,p=1$", oldHash, StringComparison.Ordinal);
        Assert.Contains("$m=2048,t=1,p=1$", newHash, StringComparison.Ordinal);
        var signedIn = (await after.AllAuditEvents()).Single(e => e.Action == "admin.signed_in");
        Assert.Equal(AuditChange.Redacted, signedIn.Changes["password_hash"].From?.ToString());
        Assert.Equal(AuditChange.Redacted, signedIn.Changes["password_hash"].To?.ToString());

        // The upgraded hash verifies: the next sign-in works and needs no further upgrade.
        await after.Send(new SignInAdmin("owner@acme.example", Password));
        Assert.Equal(newHash, await after.Read(db => db.Admins.Select(a => a.PasswordHash).SingleAsync()));
    }

    [Theory]
    [InlineData("", Password)]
    [InlineData("owner@acme.example", "")]
    [InlineData("owner\u0000@acme.example", Password)]
    public async Task Empty_or_malformed_input_is_a_validation_error(string email, string password)
    {
        await using var app = await ApplicationHarness.StartAsync();

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => app.Send(new SignInAdmin(email, password)));

        Assert.NotEmpty(error.Errors);
    }

    [Fact]
    public async Task An_oversized_password_is_refused_before_it_reaches_the_hasher()
    {
        await using var app = await ApplicationHarness.StartAsync();

        var error = await Assert.ThrowsAsync<RequestValidationException>(() =>
            app.Send(new SignInAdmin("owner@acme.example", new string('x', 1024 * 1024))));

        Assert.Contains(error.Errors, e => e.Field == nameof(SignInAdmin.Password));
    }
}

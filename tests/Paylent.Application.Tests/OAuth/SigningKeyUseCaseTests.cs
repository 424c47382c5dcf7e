using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.OAuth.SigningKeys;
using Paylent.Application.Tenancy;
using Paylent.Application.Tests.Support;
using Paylent.Domain.Audit;
using Paylent.Domain.Common;
using Paylent.Domain.OAuth;

namespace Paylent.Application.Tests.OAuth;

public sealed class SigningKeyUseCaseTests
{
    /// <summary>The environment's RS256 ring: the default algorithm, which the seed's rules were written for.</summary>
    private static Task<List<SigningKey>> KeysOf(ApplicationHarness app, Guid environmentId) => KeysOf(app, environmentId, SigningAlgorithms.Rs256);

    private static Task<List<SigningKey>> KeysOf(ApplicationHarness app, Guid environmentId, string algorithm) =>
        app.Read(db => db.SigningKeys.IgnoreQueryFilters().AsNoTracking().Where(k => k.EnvironmentId == environmentId && k.Algorithm == algorithm).ToListAsync());

    private static AuditActor AdminOf(CreatedAccount account) => AuditActor.Admin(account.AdminId);

    [Fact]
    public async Task Generating_a_key_makes_it_primary_and_the_old_primary_active()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var original = Assert.Single(await KeysOf(app, test.EnvironmentId));

        var generated = await app.Send(new GenerateSigningKey(), test, AdminOf(account));

        Assert.Equal(SigningKeyStatus.Primary, generated.Status);
        Assert.Equal("RS256", generated.Algorithm);
        Assert.NotEqual(original.Kid, generated.Kid);
        var keys = await KeysOf(app, test.EnvironmentId);
        Assert.Equal(2, keys.Count);
        Assert.Equal(SigningKeyStatus.Primary, keys.Single(k => k.Id == generated.Id).Status);
        Assert.Equal(SigningKeyStatus.Active, keys.Single(k => k.Id == original.Id).Status);
        Assert.Equal(SigningKeyStatus.Primary, Assert.Single(await KeysOf(app, account.In("production").EnvironmentId)).Status);
    }

    [Fact]
    public async Task Generating_a_key_is_audited_as_created_with_the_private_key_redacted_and_the_old_primary_as_primary_changed()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var original = Assert.Single(await KeysOf(app, test.EnvironmentId));
        var seen = await app.AuditEventIds();

        var generated = await app.Send(new GenerateSigningKey(), test, AdminOf(account));

        var events = await app.AuditEventsSince(seen);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(AdminOf(account), e.Actor));
        Assert.All(events, e => Assert.Equal(test.EnvironmentId, e.EnvironmentId));
        Assert.All(events, e => Assert.Equal(account.AccountId, e.AccountId));

        var created = events.Single(e => e.Action == "signing_key.created");
        Assert.Equal(new AuditTarget("signing_key", generated.Id.ToString()), Assert.Single(created.Targets));
        Assert.Equal(AuditChange.Redacted, created.Changes["encrypted_private_key"].To?.ToString());
        Assert.Equal("primary", created.Changes["status"].To?.ToString());
        Assert.Equal(generated.Kid, created.Changes["kid"].To?.ToString());

        var demoted = events.Single(e => e.Action == "signing_key.primary_changed");
        Assert.Equal(new AuditTarget("signing_key", original.Id.ToString()), Assert.Single(demoted.Targets));
        Assert.Equal("primary", demoted.Changes["status"].From?.ToString());
        Assert.Equal("active", demoted.Changes["status"].To?.ToString());

        var sealedKey = (await KeysOf(app, test.EnvironmentId)).Single(k => k.Id == generated.Id).EncryptedPrivateKey;
        var stored = await app.Read(db => db.Database.SqlQueryRaw<string>("SELECT changes AS \"Value\" FROM audit_events").ToListAsync());
        Assert.DoesNotContain(stored, s => s.Contains(sealedKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deactivating_the_primary_promotes_the_other_key_and_is_audited()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var original = Assert.Single(await KeysOf(app, test.EnvironmentId));
        var generated = await app.Send(new GenerateSigningKey(), test, AdminOf(account));
        var seen = await app.AuditEventIds();

        var deactivated = await app.Send(new DeactivateSigningKey(generated.Id), test, AdminOf(account));

        Assert.Equal(SigningKeyStatus.Deactivated, deactivated.Status);
        Assert.NotNull(deactivated.DeactivatedAt);
        var keys = await KeysOf(app, test.EnvironmentId);
        Assert.Equal(SigningKeyStatus.Deactivated, keys.Single(k => k.Id == generated.Id).Status);
        Assert.Equal(SigningKeyStatus.Primary, keys.Single(k => k.Id == original.Id).Status);

        var events = await app.AuditEventsSince(seen);
        var deactivation = Assert.Single(events, e => e.Action == "signing_key.deactivated");
        Assert.Equal(generated.Id.ToString(), Assert.Single(deactivation.Targets).Id);
        Assert.Equal("primary", deactivation.Changes["status"].From?.ToString());
        Assert.Equal("deactivated", deactivation.Changes["status"].To?.ToString());
        Assert.NotNull(deactivation.Changes["deactivated_at"].To);
        var promotion = Assert.Single(events, e => e.Action == "signing_key.primary_changed");
        Assert.Equal(original.Id.ToString(), Assert.Single(promotion.Targets).Id);
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public async Task Deactivating_the_last_active_key_is_refused_and_writes_nothing()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var only = Assert.Single(await KeysOf(app, test.EnvironmentId));
        var seen = await app.AuditEventIds();

        var error = await Assert.ThrowsAsync<DomainException>(() => app.Send(new DeactivateSigningKey(only.Id), test, AdminOf(account)));

        Assert.Equal("last_active_key", error.Code);
        var key = Assert.Single(await KeysOf(app, test.EnvironmentId));
        Assert.Equal(SigningKeyStatus.Primary, key.Status);
        Assert.Null(key.DeactivatedAt);
        Assert.Equal(only.Version, key.Version);
        Assert.Empty(await app.AuditEventsSince(seen));
    }

    [Fact]
    public async Task Setting_an_active_key_primary_demotes_the_current_primary()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var original = Assert.Single(await KeysOf(app, test.EnvironmentId));
        var generated = await app.Send(new GenerateSigningKey(), test, AdminOf(account));
        var seen = await app.AuditEventIds();

        var primary = await app.Send(new SetPrimarySigningKey(original.Id), test, AdminOf(account));

        Assert.Equal(SigningKeyStatus.Primary, primary.Status);
        Assert.Equal(original.Id, primary.Id);
        var keys = await KeysOf(app, test.EnvironmentId);
        Assert.Equal(SigningKeyStatus.Active, keys.Single(k => k.Id == generated.Id).Status);
        Assert.Single(keys, k => k.Status == SigningKeyStatus.Primary);

        var events = await app.AuditEventsSince(seen);
        Assert.All(events, e => Assert.Equal("signing_key.primary_changed", e.Action));
        Assert.Equal(
            new[] { original.Id, generated.Id }.Select(id => id.ToString()).Order(),
            events.Select(e => Assert.Single(e.Targets).Id).Order());
    }

    [Fact]
    public async Task Setting_the_primary_primary_again_writes_nothing()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var only = Assert.Single(await KeysOf(app, test.EnvironmentId));
        var seen = await app.AuditEventIds();

        var primary = await app.Send(new SetPrimarySigningKey(only.Id), test, AdminOf(account));

        Assert.Equal(SigningKeyStatus.Primary, primary.Status);
        Assert.Equal(only.Version, Assert.Single(await KeysOf(app, test.EnvironmentId)).Version);
        Assert.Empty(await app.AuditEventsSince(seen));
    }

    [Fact]
    public async Task A_deactivated_key_cannot_be_made_primary()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var original = Assert.Single(await KeysOf(app, test.EnvironmentId));
        var generated = await app.Send(new GenerateSigningKey(), test, AdminOf(account));
        await app.Send(new DeactivateSigningKey(generated.Id), test, AdminOf(account));

        var error = await Assert.ThrowsAsync<DomainException>(() => app.Send(new SetPrimarySigningKey(generated.Id), test, AdminOf(account)));

        Assert.Equal("key_deactivated", error.Code);
        Assert.Equal(SigningKeyStatus.Primary, (await KeysOf(app, test.EnvironmentId)).Single(k => k.Id == original.Id).Status);
    }

    [Fact]
    public async Task Listing_keys_shows_only_the_entered_environments_keys_newest_first()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var production = account.In("production");
        var original = Assert.Single(await KeysOf(app, test.EnvironmentId));
        var productionKey = Assert.Single(await KeysOf(app, production.EnvironmentId));
        var generated = await app.Send(new GenerateSigningKey(), test, AdminOf(account));

        var testKeys = (await app.Send(new ListSigningKeys(), test)).Where(k => k.Algorithm == SigningAlgorithms.Rs256).ToList();
        var productionKeys = (await app.Send(new ListSigningKeys(), production)).Where(k => k.Algorithm == SigningAlgorithms.Rs256).ToList();

        Assert.Equal([generated.Id, original.Id], testKeys.Select(k => k.Id));
        Assert.Equal([SigningKeyStatus.Primary, SigningKeyStatus.Active], testKeys.Select(k => k.Status));
        Assert.DoesNotContain(testKeys, k => k.Id == productionKey.Id || k.Kid == productionKey.Kid);
        Assert.Equal(productionKey.Id, Assert.Single(productionKeys).Id);
    }

    [Fact]
    public async Task Outside_any_environment_no_key_is_listed()
    {
        await using var app = await ApplicationHarness.StartAsync();
        await app.CreateAcmeAsync();

        Assert.Empty(await app.Send(new ListSigningKeys()));
    }

    [Fact]
    public async Task A_key_of_the_environment_can_be_read_by_id()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var key = Assert.Single(await KeysOf(app, test.EnvironmentId));

        var read = await app.Send(new GetSigningKey(key.Id), test);

        Assert.Equal(key.Kid, read.Kid);
        Assert.Equal(SigningKeyStatus.Primary, read.Status);
        Assert.Null(read.DeactivatedAt);
    }

    [Fact]
    public async Task Another_environments_key_is_not_found_and_cannot_be_changed()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var production = account.In("production");
        await app.Send(new GenerateSigningKey(), production, AdminOf(account));
        var productionKeys = await KeysOf(app, production.EnvironmentId);
        var productionPrimary = productionKeys.Single(k => k.Status == SigningKeyStatus.Primary);
        var productionActive = productionKeys.Single(k => k.Status == SigningKeyStatus.Active);

        await Assert.ThrowsAsync<NotFoundException>(() => app.Send(new GetSigningKey(productionPrimary.Id), test));
        await Assert.ThrowsAsync<NotFoundException>(() => app.Send(new DeactivateSigningKey(productionPrimary.Id), test, AdminOf(account)));
        await Assert.ThrowsAsync<NotFoundException>(() => app.Send(new SetPrimarySigningKey(productionActive.Id), test, AdminOf(account)));

        var after = await KeysOf(app, production.EnvironmentId);
        Assert.Equal(SigningKeyStatus.Primary, after.Single(k => k.Id == productionPrimary.Id).Status);
        Assert.Equal(SigningKeyStatus.Active, after.Single(k => k.Id == productionActive.Id).Status);
    }

    [Fact]
    public async Task Every_new_environment_starts_with_a_primary_rs256_and_a_primary_es256_key()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();

        var keys = await app.Send(new ListSigningKeys(), account.In("test"));

        Assert.Equal(["ES256", "RS256"], keys.Select(k => k.Algorithm).Order());
        Assert.All(keys, k => Assert.Equal(SigningKeyStatus.Primary, k.Status));
    }

    [Fact]
    public async Task Generating_an_es256_key_rotates_the_es256_ring_only()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var rsa = Assert.Single(await KeysOf(app, test.EnvironmentId));
        var original = Assert.Single(await KeysOf(app, test.EnvironmentId, SigningAlgorithms.Es256));

        var generated = await app.Send(new GenerateSigningKey(SigningAlgorithms.Es256), test, AdminOf(account));

        Assert.Equal("ES256", generated.Algorithm);
        Assert.Equal(SigningKeyStatus.Primary, generated.Status);
        var ec = await KeysOf(app, test.EnvironmentId, SigningAlgorithms.Es256);
        Assert.Equal(SigningKeyStatus.Active, ec.Single(k => k.Id == original.Id).Status);
        Assert.Equal(SigningKeyStatus.Primary, ec.Single(k => k.Id == generated.Id).Status);
        Assert.Equal(rsa.Version, Assert.Single(await KeysOf(app, test.EnvironmentId)).Version);
        Assert.StartsWith("v1.", ec.Single(k => k.Id == generated.Id).EncryptedPrivateKey, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("none")]
    [InlineData("es256")]
    [InlineData("")]
    public async Task Generating_a_key_of_another_algorithm_is_refused_and_writes_nothing(string algorithm)
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => app.Send(new GenerateSigningKey(algorithm), test, AdminOf(account)));

        Assert.Equal(nameof(GenerateSigningKey.Algorithm), Assert.Single(error.Errors).Field);
        Assert.Equal(2, (await app.Send(new ListSigningKeys(), test)).Count);
    }

    [Fact]
    public async Task The_last_es256_key_cannot_be_deactivated_while_rs256_keys_remain()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        await app.Send(new GenerateSigningKey(), test, AdminOf(account));
        var only = Assert.Single(await KeysOf(app, test.EnvironmentId, SigningAlgorithms.Es256));

        var error = await Assert.ThrowsAsync<DomainException>(() => app.Send(new DeactivateSigningKey(only.Id), test, AdminOf(account)));

        Assert.Equal("last_active_key", error.Code);
        Assert.Equal(SigningKeyStatus.Primary, Assert.Single(await KeysOf(app, test.EnvironmentId, SigningAlgorithms.Es256)).Status);
    }

    [Fact]
    public async Task Ensuring_keys_gives_an_environment_without_an_es256_key_one_and_then_does_nothing()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var rsa = Assert.Single(await KeysOf(app, test.EnvironmentId));
        await app.Read(db => db.Database.ExecuteSqlRawAsync("DELETE FROM signing_keys WHERE algorithm = 'ES256'"));

        var generated = Assert.Single(await app.Send(new EnsureSigningKeys(), test));
        var again = await app.Send(new EnsureSigningKeys(), test);

        Assert.Equal("ES256", generated.Algorithm);
        Assert.Equal(SigningKeyStatus.Primary, generated.Status);
        Assert.Empty(again);
        Assert.Equal(generated.Id, Assert.Single(await KeysOf(app, test.EnvironmentId, SigningAlgorithms.Es256)).Id);
        Assert.Equal(rsa.Version, Assert.Single(await KeysOf(app, test.EnvironmentId)).Version);
    }
}

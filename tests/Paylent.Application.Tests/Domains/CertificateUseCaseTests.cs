using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Domains;
using Paylent.Application.Tests.Support;
using Paylent.Domain.Common;
using Paylent.Domain.Domains;
using Paylent.Infrastructure.Domains.Certificates;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Application.Tests.Domains;

public sealed class CertificateUseCaseTests
{
    private static async Task<(ApplicationHarness App, TestClock Clock, (Guid AccountId, Guid EnvironmentId) Test)> StartAsync(
        Dictionary<string, string?>? settings = null)
    {
        var clock = new TestClock();
        var app = await ApplicationHarness.StartAsync(settings, clock: clock);
        var account = await app.CreateAcmeAsync();
        return (app, clock, account.In("test"));
    }

    /// <summary>A domain brought to <c>certificate_pending</c> as the issuance side leaves it before ordering.</summary>
    private static async Task<Guid> PendingDomainAsync(ApplicationHarness app, (Guid, Guid) test, TestClock clock)
    {
        var created = await app.Send(new CreateDomain($"shop-{Guid.NewGuid():N}.example.com"), test);
        await app.InScope(test, async services =>
        {
            var db = services.GetRequiredService<PaylentDbContext>();
            var domain = await db.CustomDomains.SingleAsync(d => d.Id == created.Id);
            domain.MarkVerified(clock.GetUtcNow().UtcDateTime);
            return await db.SaveChangesAsync();
        });
        var plan = await app.Send(new StartCertificateOrder(created.Id), test);
        Assert.Equal((created.Hostname, false), (plan!.Hostname, plan.Renewal));
        return created.Id;
    }

    [Fact]
    public async Task A_ca_that_cannot_be_reached_leaves_the_first_certificate_pending_with_the_reason_and_the_retry()
    {
        var (app, clock, test) = await StartAsync();
        await using var _ = app;
        var id = await PendingDomainAsync(app, test, clock);
        var retryAt = clock.GetUtcNow().UtcDateTime.AddHours(1);

        Assert.True(await app.Send(new RecordCertificateFailure(id, "The certificate authority could not be reached.", retryAt, Transient: true), test));

        var domain = await app.Send(new GetDomain(id), test);
        Assert.Equal(("certificate_pending", "provisioning"), (domain.State, domain.CertificateStatus));
        Assert.Equal("The certificate authority could not be reached.", domain.LastError);
        Assert.Equal(retryAt, domain.RenewAfter);
        var audited = (await app.AllAuditEvents()).Last();
        Assert.Equal("domain.certificate_delayed", audited.Action);
        Assert.Contains("last_error", audited.Changes.Keys);
        Assert.Contains("renew_after", audited.Changes.Keys);
    }

    [Fact]
    public async Task A_refused_first_certificate_fails_the_domain_and_is_retried_later_on_request_or_schedule()
    {
        var (app, clock, test) = await StartAsync();
        await using var _ = app;
        var id = await PendingDomainAsync(app, test, clock);
        var retryAt = clock.GetUtcNow().UtcDateTime.AddHours(1);

        await app.Send(new RecordCertificateFailure(id, "urn:ietf:params:acme:error:unauthorized: wrong answer", retryAt, Transient: false), test);
        Assert.Null(await app.Send(new StartCertificateOrder(id), test));

        var failed = await app.Send(new GetDomain(id), test);
        Assert.Equal(("certificate_failed", "provisioning_failed"), (failed.State, failed.CertificateStatus));
        clock.Advance(TimeSpan.FromMinutes(5));
        var renewed = await app.Send(new RenewDomain(id), test);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, renewed.RenewAfter);
        Assert.Equal("domain.renewal_requested", (await app.AllAuditEvents()).Last().Action);
        Assert.NotNull(await app.Send(new StartCertificateOrder(id), test));
        Assert.Equal("certificate_pending", (await app.Send(new GetDomain(id), test)).State);
    }

    [Fact]
    public async Task A_failed_renewal_keeps_the_domain_active_on_its_certificate_and_a_new_one_replaces_it()
    {
        var (app, clock, test) = await StartAsync();
        await using var _ = app;
        var id = await PendingDomainAsync(app, test, clock);
        var now = clock.GetUtcNow().UtcDateTime;
        await app.Send(new RecordCertificateIssued(id, "Pebble Intermediate", "0a", now, now.AddDays(90), now.AddDays(60)), test);
        Assert.Null(await app.Send(new StartCertificateOrder(id), test));

        clock.Advance(TimeSpan.FromDays(60));
        Assert.Equal(true, (await app.Send(new StartCertificateOrder(id), test))?.Renewal);
        await app.Send(new RecordCertificateFailure(id, "The certificate authority could not be reached.", clock.GetUtcNow().UtcDateTime.AddHours(1), Transient: true), test);

        var failing = await app.Send(new GetDomain(id), test);
        Assert.Equal(("active", "renewing_failed", "0a"), (failing.State, failing.CertificateStatus, failing.CertificateSerial));
        var later = clock.GetUtcNow().UtcDateTime;
        await app.Send(new RecordCertificateIssued(id, "Pebble Intermediate", "0b", later, later.AddDays(90), later.AddDays(60)), test);
        var renewed = await app.Send(new GetDomain(id), test);
        Assert.Equal(("active", "provisioned", "0b", null), (renewed.State, renewed.CertificateStatus, renewed.CertificateSerial, renewed.LastError));
    }

    [Fact]
    public async Task A_certificate_issued_for_a_domain_disabled_meanwhile_is_recorded_and_serves_when_it_is_verified_again()
    {
        var (app, clock, test) = await StartAsync();
        await using var _ = app;
        var id = await PendingDomainAsync(app, test, clock);
        await app.InScope(test, async services =>
        {
            var db = services.GetRequiredService<PaylentDbContext>();
            (await db.CustomDomains.SingleAsync(d => d.Id == id)).Disable("The TXT record is gone.", clock.GetUtcNow().UtcDateTime);
            return await db.SaveChangesAsync();
        });
        var now = clock.GetUtcNow().UtcDateTime;

        Assert.True(await app.Send(new RecordCertificateIssued(id, "Pebble Intermediate", "0c", now, now.AddDays(90), now.AddDays(60)), test));

        var disabled = await app.Send(new GetDomain(id), test);
        Assert.Equal(("disabled", "provisioned", "0c"), (disabled.State, disabled.CertificateStatus, disabled.CertificateSerial));
        Assert.Equal("domain.certificate_issued", (await app.AllAuditEvents()).Last().Action);
        await app.InScope(test, async services =>
        {
            var db = services.GetRequiredService<PaylentDbContext>();
            (await db.CustomDomains.SingleAsync(d => d.Id == id)).MarkVerified(clock.GetUtcNow().UtcDateTime);
            return await db.SaveChangesAsync();
        });
        var back = await app.Send(new GetDomain(id), test);
        Assert.Equal(("active", "0c"), (back.State, back.CertificateSerial));
    }

    [Fact]
    public async Task Renew_now_is_refused_for_a_domain_without_a_certificate_to_renew()
    {
        var (app, _, test) = await StartAsync();
        await using var __ = app;
        var created = await app.Send(new CreateDomain("shop.example.com"), test);

        var error = await Assert.ThrowsAsync<DomainException>(() => app.Send(new RenewDomain(created.Id), test));

        Assert.Equal("invalid_domain_state", error.Code);
    }

    [Fact]
    public async Task The_order_limit_counts_each_accounts_orders_over_the_last_hour()
    {
        var (app, clock, _) = await StartAsync(new() { ["Paylent:Acme:MaxOrdersPerAccountPerHour"] = "2" });
        await using var __ = app;
        var limit = app.Service<CertificateOrderLimit>();
        var (tenant, other) = (Guid.NewGuid(), Guid.NewGuid());

        Assert.True(await limit.TryTakeAsync(tenant, Guid.NewGuid(), CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.True(await limit.TryTakeAsync(tenant, Guid.NewGuid(), CancellationToken.None));
        Assert.False(await limit.TryTakeAsync(tenant, Guid.NewGuid(), CancellationToken.None));
        Assert.True(await limit.TryTakeAsync(other, Guid.NewGuid(), CancellationToken.None));

        // The first order leaves the window: one place is free again, not two.
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.True(await limit.TryTakeAsync(tenant, Guid.NewGuid(), CancellationToken.None));
        Assert.False(await limit.TryTakeAsync(tenant, Guid.NewGuid(), CancellationToken.None));
        Assert.Equal(4, await app.Read(db => db.CertificateOrders.CountAsync()));
    }

    [Fact]
    public async Task A_domains_lease_has_one_holder_until_it_is_released_or_expires()
    {
        var (app, clock, _) = await StartAsync();
        await using var __ = app;
        var leases = app.Service<CertificateLeases>();
        var domain = Guid.NewGuid();
        var lease = TimeSpan.FromMinutes(5);

        Assert.True(await leases.TryAcquireAsync(domain, "a", lease, CancellationToken.None));
        Assert.False(await leases.TryAcquireAsync(domain, "b", lease, CancellationToken.None));
        await leases.ReleaseAsync(domain, "b", CancellationToken.None);
        Assert.False(await leases.TryAcquireAsync(domain, "b", lease, CancellationToken.None));
        await leases.ReleaseAsync(domain, "a", CancellationToken.None);
        Assert.True(await leases.TryAcquireAsync(domain, "b", lease, CancellationToken.None));

        // A holder that died (never released) loses the domain when its lease runs out.
        clock.Advance(lease);
        Assert.True(await leases.TryAcquireAsync(domain, "c", lease, CancellationToken.None));
        Assert.True(await leases.TryAcquireAsync(Guid.NewGuid(), "c", lease, CancellationToken.None));
        Assert.Equal(1, await leases.CountFailureAsync(domain, CancellationToken.None));
        Assert.Equal(2, await leases.CountFailureAsync(domain, CancellationToken.None));
        await leases.ResetFailuresAsync(domain, CancellationToken.None);
        Assert.Equal(1, await leases.CountFailureAsync(domain, CancellationToken.None));
    }

    [Fact]
    public async Task The_acme_account_key_is_made_once_stored_sealed_and_read_back_the_same()
    {
        var (app, _, _) = await StartAsync();
        await using var __ = app;
        var accounts = app.Service<AcmeAccounts>();

        using var first = await accounts.LoadOrCreateKeyAsync(CancellationToken.None);
        using var second = await accounts.LoadOrCreateKeyAsync(CancellationToken.None);

        Assert.Equal(first.ExportSubjectPublicKeyInfo(), second.ExportSubjectPublicKeyInfo());
        Assert.Equal(256, first.KeySize);
        var row = Assert.Single(await app.Read(db => db.AcmeAccounts.ToListAsync()));
        Assert.StartsWith("v1.", row.SealedKey, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(first.ExportPkcs8PrivateKey())[..40], row.SealedKey, StringComparison.Ordinal);
        Assert.ThrowsAny<CryptographicException>(() => app.Service<Paylent.Infrastructure.OAuth.KeyEncryption>().Open(row.SealedKey, "acme-account:https://other.example/dir"));
    }
}

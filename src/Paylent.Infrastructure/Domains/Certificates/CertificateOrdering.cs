using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Domains;
using Paylent.Domain.Domains;
using Paylent.Infrastructure.Domains.Acme;
using Paylent.Infrastructure.Domains.Challenges;
using Paylent.Infrastructure.Domains.Tls;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Domains.Certificates;

/// <summary>What became of one domain's turn.</summary>
public enum CertificateOrderOutcome
{
    /// <summary>Not due (or gone, or no longer in a certificate state).</summary>
    NotDue,

    /// <summary>Another instance holds the domain's lease: it is ordering right now.</summary>
    Busy,

    /// <summary>The account used its hour's orders; the domain waits for a later run.</summary>
    Limited,

    Issued,

    Failed,
}

/// <summary>
/// Orders one domain's certificate, first or renewal (docs/domains.md, "Issuance and renewal"): takes the
/// domain's lease, counts the order against its account's limit, moves the domain to
/// <c>certificate_pending</c> (a first certificate), orders through <see cref="AcmeClient"/>, publishes the
/// HTTP-01 answers for every instance to serve, completes the order, stores the certificate (served at
/// once, the old one until then) and records it on the domain; the answers are removed whatever happens.
/// A failure is recorded on the domain with the CA's problem and a retry time that grows with each failure
/// in a row (<see cref="CertificateSchedule.RetryDelay"/>). The domain's changes go through the
/// Domains module's commands, entered into its environment, so they are audited like any other.
/// </summary>
public sealed partial class CertificateOrdering(
    IServiceScopeFactory scopes, AcmeClient acme, AcmeAccounts accounts, IAcmeChallengeStore challenges, ITlsCertificateStore certificates,
    CertificateLeases leases, CertificateOrderLimit limit, IOptions<AcmeOptions> options, TimeProvider clock, ILogger<CertificateOrdering> logger)
{
    /// <summary>A lease outlives the longest order: account and order requests, the propagation wait, then <see cref="AcmeOptions.OrderTimeout"/>.</summary>
    private TimeSpan LeaseDuration => options.Value.OrderTimeout + options.Value.ChallengePropagationDelay + TimeSpan.FromMinutes(5);

    public async Task<CertificateOrderOutcome> OrderAsync(Guid domainId, CancellationToken cancellationToken)
    {
        var target = await TargetAsync(domainId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (target is null || !CertificateOrders.IsDue(target.State, target.RenewAfter, now))
        {
            return CertificateOrderOutcome.NotDue;
        }

        var holder = $"{Environment.ProcessId}/{Guid.NewGuid():N}";
        if (!await leases.TryAcquireAsync(domainId, holder, LeaseDuration, cancellationToken))
        {
            return CertificateOrderOutcome.Busy;
        }

        try
        {
            if (!await limit.TryTakeAsync(target.AccountId, domainId, cancellationToken))
            {
                LogLimited(target.Hostname, options.Value.MaxOrdersPerAccountPerHour);
                return CertificateOrderOutcome.Limited;
            }

            // Read again under the lease: another instance may have finished this domain since the first look.
            if (await SendAsync(target, new StartCertificateOrder(domainId), cancellationToken) is not { } plan)
            {
                return CertificateOrderOutcome.NotDue;
            }

            return await OrderAsync(target, plan, cancellationToken);
        }
        finally
        {
            await leases.ReleaseAsync(domainId, holder, CancellationToken.None);
        }
    }

    private async Task<CertificateOrderOutcome> OrderAsync(Target target, CertificateOrderPlan plan, CancellationToken cancellationToken)
    {
        AcmeOrder? order = null;
        try
        {
            var account = await accounts.GetAsync(cancellationToken);
            order = await acme.NewOrderAsync(account, plan.Hostname, plan.Renewal ? await ReplacesAsync(plan.Hostname, cancellationToken) : null, cancellationToken);
            var expires = clock.GetUtcNow() + options.Value.OrderTimeout + TimeSpan.FromMinutes(5);
            foreach (var challenge in order.Challenges)
            {
                await challenges.PublishAsync(plan.Hostname, challenge.Token, challenge.KeyAuthorization, expires, cancellationToken);
            }

            // Wall time on purpose (not the clock tests move): the other instances need it to hear of the answers.
            if (order.Challenges.Count > 0)
            {
                await Task.Delay(options.Value.ChallengePropagationDelay, cancellationToken);
            }

            var issued = await acme.CompleteOrderAsync(account, order, cancellationToken);
            var details = await StoreAsync(target, plan, issued, cancellationToken);
            await leases.ResetFailuresAsync(target.DomainId, CancellationToken.None);
            var renewAfter = CertificateSchedule.RenewAfter(details.NotBefore, details.NotAfter);
            await SendAsync(target, new RecordCertificateIssued(target.DomainId, details.Issuer, details.Serial, details.NotBefore, details.NotAfter, renewAfter), CancellationToken.None);
            LogIssued(plan.Hostname, details.Serial, details.NotAfter, renewAfter, plan.Renewal);
            return CertificateOrderOutcome.Issued;
        }
        catch (AcmeProblemException error)
        {
            // The CA's own words (type, identifier, detail, subproblems): what an admin needs, and nothing secret.
            return await FailAsync(target, plan, $"The certificate authority refused the order: {error.Problem}", transient: false, error.RetryAfter);
        }
        catch (AcmeUnavailableException error)
        {
            return await FailAsync(target, plan, $"The certificate authority could not be reached: {error.Message}", transient: true, error.RetryAfter);
        }
        catch (AcmeProtocolException error)
        {
            return await FailAsync(target, plan, $"The certificate authority answered against the ACME protocol (RFC 8555): {error.Message}", transient: false, null);
        }
        catch (CryptographicException error)
        {
            return await FailAsync(target, plan, $"The issued certificate could not be installed: {error.Message}", transient: false, null);
        }
        finally
        {
            foreach (var challenge in order?.Challenges ?? [])
            {
                await challenges.RemoveAsync(plan.Hostname, challenge.Token, CancellationToken.None);
            }
        }
    }

    /// <summary>The certID of the certificate a renewal replaces: the one served now (RFC 9773 §5).</summary>
    private async Task<string?> ReplacesAsync(string hostname, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return (await ServedCertificates.IdentifyAsync(scope.ServiceProvider.GetRequiredService<PaylentDbContext>(), hostname, cancellationToken))?.CertId;
    }

    private async Task<CertificateDetails> StoreAsync(Target target, CertificateOrderPlan plan, AcmeCertificate issued, CancellationToken cancellationToken)
    {
        try
        {
            return await certificates.StoreAsync(plan.Hostname, target.EnvironmentId, issued.ChainPem, issued.PrivateKeyPkcs8, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(issued.PrivateKeyPkcs8);
        }
    }

    private async Task<CertificateOrderOutcome> FailAsync(Target target, CertificateOrderPlan plan, string error, bool transient, TimeSpan? caRetryAfter)
    {
        var failures = await leases.CountFailureAsync(target.DomainId, CancellationToken.None);
        var retryAt = clock.GetUtcNow().UtcDateTime + CertificateSchedule.RetryDelay(failures, caRetryAfter);
        await SendAsync(target, new RecordCertificateFailure(target.DomainId, error, retryAt, transient), CancellationToken.None);
        LogFailed(plan.Hostname, plan.Renewal, failures, retryAt, error);
        return CertificateOrderOutcome.Failed;
    }

    private async Task<Target?> TargetAsync(Guid domainId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();

        // Housekeeping across environments: the query filter is ignored on purpose.
        return await (
            from domain in db.CustomDomains.IgnoreQueryFilters().AsNoTracking()
            join environment in db.Environments.AsNoTracking() on domain.EnvironmentId equals environment.Id
            where domain.Id == domainId
            select new Target(domain.Id, domain.EnvironmentId, environment.AccountId, domain.Hostname, domain.State, domain.RenewAfter))
            .SingleOrDefaultAsync(cancellationToken);
    }

    private async Task<TResult> SendAsync<TResult>(Target target, ICommand<TResult> command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<EnvironmentContext>().Enter(target.AccountId, target.EnvironmentId);
        return await scope.ServiceProvider.GetRequiredService<IDispatcher>().Send(command, cancellationToken);
    }

    private sealed record Target(Guid DomainId, Guid EnvironmentId, Guid AccountId, string Hostname, DomainState State, DateTime? RenewAfter);

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificate for {Hostname} issued (serial {Serial}, valid until {NotAfter:u}, renewal from {RenewAfter:u}, renewal: {Renewal})")]
    private partial void LogIssued(string hostname, string serial, DateTime notAfter, DateTime renewAfter, bool renewal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Certificate order for {Hostname} failed (renewal: {Renewal}, {Failures} in a row); next attempt at {RetryAt:u}: {Error}")]
    private partial void LogFailed(string hostname, bool renewal, int failures, DateTime retryAt, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificate order for {Hostname} postponed: its account sent {Limit} orders in the last hour (Paylent:Acme:MaxOrdersPerAccountPerHour)")]
    private partial void LogLimited(string hostname, int limit);
}

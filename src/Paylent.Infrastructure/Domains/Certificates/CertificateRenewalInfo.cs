using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Domains;
using Paylent.Domain.Domains;
using Paylent.Infrastructure.Domains.Acme;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Domains.Certificates;

/// <summary>
/// Asks the CA when to renew (ACME Renewal Information, RFC 9773; docs/domains.md, "Renewal information"):
/// for every active domain whose check is due, GETs the suggested window of the certificate it serves and,
/// when the window is new, moves the domain's <c>renew_after</c> to a random point within it
/// (<see cref="CertificateSchedule.WithinWindow"/>). The next check waits for the CA's <c>Retry-After</c>,
/// clamped to <see cref="AcmeOptions.RenewalInfoMinimumInterval"/>..<see cref="AcmeOptions.RenewalInfoMaximumInterval"/>;
/// after a failure that says nothing, the minimum doubled for each failure in a row (<see cref="Backoff"/>).
/// A CA without <c>renewalInfo</c>, a certificate without an Authority Key Identifier, an unreachable CA or
/// a malformed answer leave the schedule as it was (two thirds of the lifetime, or the last window). Each
/// domain is checked under its lease, so an order finishing on another instance is never overwritten with
/// the old certificate's window.
/// </summary>
public sealed partial class CertificateRenewalInfo(
    IServiceScopeFactory scopes, AcmeClient acme, CertificateLeases leases, IOptions<AcmeOptions> options, TimeProvider clock, ILogger<CertificateRenewalInfo> logger)
{
    /// <summary>At most this many domains a run; the rest wait for the next one.</summary>
    public const int BatchSize = 100;

    /// <summary>RFC 9773 §4.3 leaves the interval to the client when the CA sends no Retry-After: a few times a day.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(6);

    // A check is one GET and one save; the lease only has to outlive that.
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);

    /// <returns>How many domains' renewal information was asked for.</returns>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await acme.OffersRenewalInfoAsync(cancellationToken))
            {
                return 0;
            }
        }
        catch (AcmeException error)
        {
            LogDirectoryUnavailable(error.Message);
            return 0;
        }

        var asked = 0;
        foreach (var domain in await DueAsync(cancellationToken))
        {
            try
            {
                asked += await CheckAsync(domain, cancellationToken) ? 1 : 0;
            }
            catch (AcmeUnavailableException)
            {
                // Recorded on the domain asked; the others are asked at the next run.
                return asked + 1;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Changed or deleted meanwhile, or anything else about this one domain: the next run looks
                // again, and the other domains are not held up by it.
                LogSkipped(domain.Hostname, error.Message);
            }
        }

        return asked;
    }

    private async Task<List<Candidate>> DueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();

        // Housekeeping across environments: the query filter is ignored on purpose. A domain already due
        // is renewed anyway, and a failing one keeps its retry time: neither is asked about.
        return await (
            from domain in db.CustomDomains.IgnoreQueryFilters().AsNoTracking()
            join environment in db.Environments.AsNoTracking() on domain.EnvironmentId equals environment.Id
            join attempt in db.CertificateAttempts.AsNoTracking() on domain.Id equals attempt.DomainId into attempts
            from attempt in attempts.DefaultIfEmpty()
            where domain.State == DomainState.Active && domain.CertificateStatus == CertificateStatus.Provisioned
                && domain.CertificateSerial != null && domain.RenewAfter > now
                && (attempt == null || attempt.RenewalInfoSerial != domain.CertificateSerial
                    || attempt.RenewalInfoCheckAfter == null || attempt.RenewalInfoCheckAfter <= now)
            orderby domain.RenewAfter
            select new Candidate(
                domain.Id, domain.EnvironmentId, environment.AccountId, domain.Hostname, domain.CertificateSerial!,
                domain.CertificateNotBefore!.Value, domain.CertificateNotAfter!.Value,
                attempt.RenewalInfoSerial, attempt == null ? 0 : attempt.RenewalInfoFailures, attempt.RenewalWindowStart, attempt.RenewalWindowEnd))
            .Take(BatchSize).ToListAsync(cancellationToken);
    }

    private async Task<bool> CheckAsync(Candidate domain, CancellationToken cancellationToken)
    {
        var holder = $"{Environment.ProcessId}/{Guid.NewGuid():N}";
        if (!await leases.TryAcquireAsync(domain.DomainId, holder, LeaseDuration, cancellationToken))
        {
            return false;
        }

        try
        {
            (string Serial, string? CertId)? served;
            await using (var scope = scopes.CreateAsyncScope())
            {
                served = await ServedCertificates.IdentifyAsync(scope.ServiceProvider.GetRequiredService<PaylentDbContext>(), domain.Hostname, cancellationToken);
            }

            // Not the certificate the domain records (an order between storing and recording): the next run.
            if (served is not { } certificate || certificate.Serial != domain.Serial)
            {
                return false;
            }

            if (certificate.CertId is not { } certId)
            {
                // RFC 9773 §4.1 needs the AKI keyIdentifier: without it, this certificate keeps two thirds.
                LogNoCertId(domain.Hostname, domain.Serial);
                await RecordAsync(domain, domain.NotAfter, null, failures: 0, cancellationToken);
                return false;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            AcmeRenewalInfo? info;
            try
            {
                info = await acme.RenewalInfoAsync(certId, cancellationToken);
            }
            catch (AcmeException error)
            {
                // The CA's Retry-After on its error answer, clamped as on a success (RFC 9773 §4.3); without one,
                // a CA that keeps failing is asked ever more rarely rather than every hour for good.
                var failures = Failures(domain) + 1;
                var wait = Clamp(error.RetryAfter ?? Backoff(failures));
                LogCheckFailed(domain.Hostname, error.Message, wait);
                await RecordAsync(domain, now + wait, Kept(domain), failures, cancellationToken);
                if (error is AcmeUnavailableException)
                {
                    // The CA is down or hangs: asking about the other domains would only wait out their timeouts.
                    throw;
                }

                return true;
            }

            if (info is null)
            {
                return false;
            }

            var window = (info.Start.UtcDateTime, info.End.UtcDateTime);
            if (Kept(domain) != window)
            {
                var renewAfter = CertificateSchedule.WithinWindow(window.Item1, window.Item2, domain.NotBefore, domain.NotAfter, now, Random.Shared.NextDouble());
                var moved = await SendAsync(domain, new ScheduleRenewal(domain.DomainId, domain.Serial, renewAfter), cancellationToken);
                LogWindow(domain.Hostname, window.Item1, window.Item2, moved ? renewAfter : null, info.ExplanationUrl);
            }

            var next = Clamp(info.RetryAfter ?? DefaultInterval);
            await RecordAsync(domain, now + next, window, failures: 0, cancellationToken);
            return true;
        }
        finally
        {
            await leases.ReleaseAsync(domain.DomainId, holder, CancellationToken.None);
        }
    }

    /// <summary>The failures in a row of checks of this very certificate.</summary>
    private static int Failures(Candidate domain) => domain.InfoSerial == domain.Serial ? domain.InfoFailures : 0;

    /// <summary>After the <paramref name="failures"/>th failure in a row that named no time: the minimum interval, doubled for each failure before it (clamped by <see cref="Clamp"/>).</summary>
    private TimeSpan Backoff(int failures) =>
        options.Value.RenewalInfoMinimumInterval * Math.Pow(2, Math.Min(failures - 1, 16));

    /// <summary>The window last applied to this very certificate, if any.</summary>
    private static (DateTime, DateTime)? Kept(Candidate domain) =>
        domain.InfoSerial == domain.Serial && domain.WindowStart is { } start && domain.WindowEnd is { } end ? (start, end) : null;

    /// <summary>RFC 9773 §4.3: a client sets its own limits on how often, and how rarely, it checks.</summary>
    private TimeSpan Clamp(TimeSpan retryAfter)
    {
        var (least, most) = (options.Value.RenewalInfoMinimumInterval, options.Value.RenewalInfoMaximumInterval);
        return retryAfter < least ? least : retryAfter > most ? most : retryAfter;
    }

    private async Task RecordAsync(Candidate domain, DateTime checkAfter, (DateTime Start, DateTime End)? window, int failures, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PaylentDbContext>().CertificateAttempts
            .Where(a => a.DomainId == domain.DomainId)
            .ExecuteUpdateAsync(
                set => set.SetProperty(a => a.RenewalInfoSerial, domain.Serial)
                    .SetProperty(a => a.RenewalInfoCheckAfter, checkAfter)
                    .SetProperty(a => a.RenewalInfoFailures, failures)
                    .SetProperty(a => a.RenewalWindowStart, window.HasValue ? window.Value.Start : null)
                    .SetProperty(a => a.RenewalWindowEnd, window.HasValue ? window.Value.End : null),
                cancellationToken);
    }

    private async Task<TResult> SendAsync<TResult>(Candidate domain, ICommand<TResult> command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<EnvironmentContext>().Enter(domain.AccountId, domain.EnvironmentId);
        return await scope.ServiceProvider.GetRequiredService<IDispatcher>().Send(command, cancellationToken);
    }

    private sealed record Candidate(
        Guid DomainId, Guid EnvironmentId, Guid AccountId, string Hostname, string Serial, DateTime NotBefore, DateTime NotAfter,
        string? InfoSerial, int InfoFailures, DateTime? WindowStart, DateTime? WindowEnd);

    [LoggerMessage(Level = LogLevel.Information, Message = "Renewal information for {Hostname}: the CA suggests {Start:u} to {End:u}; renewal from {RenewAfter:u} (explanation: {Explanation})")]
    private partial void LogWindow(string hostname, DateTime start, DateTime end, DateTime? renewAfter, Uri? explanation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewal information for {Hostname} could not be read ({Error}); the renewal time stays, asked again in {Retry}")]
    private partial void LogCheckFailed(string hostname, string error, TimeSpan retry);

    [LoggerMessage(Level = LogLevel.Information, Message = "The certificate of {Hostname} (serial {Serial}) has no Authority Key Identifier: no renewal information, renewed at two thirds of its lifetime")]
    private partial void LogNoCertId(string hostname, string serial);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewal information not checked: the CA's directory could not be read ({Error})")]
    private partial void LogDirectoryUnavailable(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Custom domain {Hostname} changed while its renewal information was read ({Reason}); the next run looks again")]
    private partial void LogSkipped(string hostname, string reason);
}

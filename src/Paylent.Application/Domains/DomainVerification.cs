using Paylent.Application.Common.Events;
using Paylent.Application.Domains.Contracts;
using Paylent.Application.Tenancy.Contracts;
using Paylent.Domain.Domains;

namespace Paylent.Application.Domains;

/// <summary>
/// Looks at DNS for one domain and moves it by what it finds, for "verify now" and the daily re-check
/// alike. A domain not yet verified fails verification whatever went wrong. A proven one is disabled only
/// when DNS answered without its records; a lookup that failed (a timeout) says nothing about them, so it
/// keeps serving and the next check decides.
/// </summary>
internal sealed class DomainVerification(IDomainDns dns, IEnvironmentHosts hosts, DomainSettings settings, IModuleEvents events, TimeProvider clock)
{
    public async Task<string> CheckAsync(CustomDomain domain, CancellationToken cancellationToken)
    {
        var target = await hosts.CnameTargetAsync(domain.EnvironmentId, settings, cancellationToken);
        var check = await dns.CheckAsync(new DnsExpectation(domain.Hostname, domain.VerificationRecordName, domain.VerificationValue, target), cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var before = domain.State;
        var proven = CustomDomain.Proven.Contains(domain.State);
        switch (check.Outcome)
        {
            case DnsOutcome.Verified:
                domain.MarkVerified(now);
                break;
            case DnsOutcome.RecordsMissing when proven:
                domain.Disable(check.Error!, now);
                break;
            case DnsOutcome.LookupFailed when proven:
                domain.RecordCheckFailure(check.Error!, now);
                break;
            case DnsOutcome.RecordsMissing or DnsOutcome.LookupFailed when domain.State == DomainState.Disabled:
                domain.RecordCheckFailure(check.Error!, now);
                break;
            default:
                domain.FailVerification(check.Error!, now);
                break;
        }

        if (domain.State != before)
        {
            events.Raise(new DomainStateChanged(domain.Id, domain.EnvironmentId, domain.Hostname, DomainStates.Name(domain.State)));
        }

        return target;
    }
}

using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Domains;

/// <summary>
/// The issuance side read the CA's suggested renewal window for the domain's certificate (ACME Renewal
/// Information, RFC 9773) and chose when to renew within it: the domain's <c>renew_after</c> moves there
/// (<c>domain.renewal_scheduled</c>). False when nothing changed: the certificate was replaced meanwhile,
/// a renewal is already due or failing, or the time is the one already set.
/// </summary>
public sealed record ScheduleRenewal(Guid Id, string Serial, DateTime RenewAfter) : ICommand<bool>;

internal sealed class ScheduleRenewalHandler(IDomainsData db, TimeProvider clock) : ICommandHandler<ScheduleRenewal, bool>
{
    public async Task<bool> Handle(ScheduleRenewal command, CancellationToken cancellationToken)
    {
        var domain = await db.FindDomainAsync(command.Id, cancellationToken);
        return domain.ScheduleRenewal(command.Serial, command.RenewAfter, clock.GetUtcNow().UtcDateTime);
    }
}

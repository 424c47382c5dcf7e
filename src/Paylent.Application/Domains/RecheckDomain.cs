using Paylent.Application.Common.Messaging;
using Paylent.Domain.Domains;

namespace Paylent.Application.Domains;

/// <summary>
/// The daily re-check of one proven domain (the recurring job sends it, entered into the domain's
/// environment): still verified, or disabled when its records are gone. A domain that left the
/// proven states since the job picked it is left alone.
/// </summary>
public sealed record RecheckDomain(Guid Id) : ICommand<bool>;

internal sealed class RecheckDomainHandler(IDomainsData db, DomainVerification verification) : ICommandHandler<RecheckDomain, bool>
{
    public async Task<bool> Handle(RecheckDomain command, CancellationToken cancellationToken)
    {
        var domain = await db.FindDomainAsync(command.Id, cancellationToken);
        if (!CustomDomain.Proven.Contains(domain.State))
        {
            return false;
        }

        await verification.CheckAsync(domain, cancellationToken);
        return domain.State != DomainState.Disabled;
    }
}

using Paylent.Application.Common.Events;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Domains.Contracts;

namespace Paylent.Application.Domains;

/// <summary>Deletes a custom domain whatever its state; it stops serving, and its host may be added again (here or elsewhere).</summary>
public sealed record DeleteDomain(Guid Id) : ICommand<bool>;

internal sealed class DeleteDomainHandler(IDomainsData db, IModuleEvents events) : ICommandHandler<DeleteDomain, bool>
{
    public async Task<bool> Handle(DeleteDomain command, CancellationToken cancellationToken)
    {
        var domain = await db.FindDomainAsync(command.Id, cancellationToken);
        db.CustomDomains.Remove(domain);
        events.Raise(new DomainDeleted(domain.Id, domain.EnvironmentId, domain.Hostname));
        return true;
    }
}

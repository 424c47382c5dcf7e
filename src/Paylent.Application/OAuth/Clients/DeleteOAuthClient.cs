using Paylent.Application.Common.Events;
using Paylent.Application.Common.Messaging;
using Paylent.Application.OAuth.Contracts;
using Paylent.Domain.Common;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Clients;

/// <summary>Deletes a client with its consents and ends its grants; runs again when a redemption on one of its consents wrote it meanwhile.</summary>
public sealed record DeleteOAuthClient(Guid Id) : ICommand<bool>, IRetryOnConflict;

internal sealed class DeleteOAuthClientHandler(IOAuthData db, IModuleEvents events) : ICommandHandler<DeleteOAuthClient, bool>
{
    public async Task<bool> Handle(DeleteOAuthClient command, CancellationToken cancellationToken)
    {
        var client = await OAuthClients.FindAsync(db, command.Id, cancellationToken);
        if (client.ClientId == OAuthClient.ManagementClientId)
        {
            // Deleting it would lock the environment's own API out; rotate its secret instead.
            throw new DomainException("management_client", "The management client cannot be deleted; rotate its secret instead.");
        }

        db.OAuthClients.Remove(client);
        events.Raise(new OAuthClientDeleted(client.ClientId));
        return true;
    }
}

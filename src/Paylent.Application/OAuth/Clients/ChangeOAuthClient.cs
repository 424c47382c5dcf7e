using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Events;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Security;
using Paylent.Application.OAuth.Contracts;
using Paylent.Domain.Common;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Clients;

public sealed record UpdateOAuthClient(Guid Id, OAuthClientSettings Settings) : ICommand<OAuthClientDto>;

/// <summary>Issues a new secret; the old one stops working at once.</summary>
public sealed record RotateClientSecret(Guid Id) : ICommand<OAuthClientWithSecret>;

public sealed record DeleteOAuthClient(Guid Id) : ICommand<bool>;

internal sealed class UpdateOAuthClientValidator : AbstractValidator<UpdateOAuthClient>
{
    public UpdateOAuthClientValidator() => RuleFor(c => c.Settings).NotNull().SetValidator(new OAuthClientSettingsValidator());
}

internal sealed class UpdateOAuthClientHandler(IOAuthData db) : ICommandHandler<UpdateOAuthClient, OAuthClientDto>
{
    public async Task<OAuthClientDto> Handle(UpdateOAuthClient command, CancellationToken cancellationToken)
    {
        var client = await OAuthClients.FindAsync(db, command.Id, cancellationToken);
        client.Update(command.Settings);
        return OAuthClientDto.From(client);
    }
}

internal sealed class RotateClientSecretHandler(IOAuthData db) : ICommandHandler<RotateClientSecret, OAuthClientWithSecret>
{
    public async Task<OAuthClientWithSecret> Handle(RotateClientSecret command, CancellationToken cancellationToken)
    {
        var client = await OAuthClients.FindAsync(db, command.Id, cancellationToken);
        var secret = Secrets.NewToken();
        client.RotateSecret(Secrets.Hash(secret));
        return new OAuthClientWithSecret(OAuthClientDto.From(client), secret);
    }
}

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

internal static class OAuthClients
{
    public static async Task<OAuthClient> FindAsync(IOAuthData db, Guid id, CancellationToken cancellationToken) =>
        await db.OAuthClients.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new NotFoundException("OAuth client");
}

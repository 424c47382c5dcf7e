using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Security;

namespace Paylent.Application.OAuth.Clients;

/// <summary>Issues a new secret; the old one stops working at once.</summary>
public sealed record RotateClientSecret(Guid Id) : ICommand<OAuthClientWithSecret>;

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

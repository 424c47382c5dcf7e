using Paylent.Application.Common.Messaging;

namespace Paylent.Application.OAuth.SigningKeys;

/// <summary>Makes an active key the one that signs.</summary>
public sealed record SetPrimarySigningKey(Guid Id) : ICommand<SigningKeyDto>, IRetryOnConflict;

internal sealed class SetPrimarySigningKeyHandler(IOAuthData db) : ICommandHandler<SetPrimarySigningKey, SigningKeyDto>
{
    public async Task<SigningKeyDto> Handle(SetPrimarySigningKey command, CancellationToken cancellationToken)
    {
        var (ring, key) = await SigningKeyRings.LoadAsync(db, command.Id, cancellationToken);
        ring.SetPrimary(key);
        return SigningKeyDto.From(key);
    }
}

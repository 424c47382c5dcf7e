using Paylent.Application.Common.Messaging;

namespace Paylent.Application.OAuth.SigningKeys;

/// <summary>Takes a key out of JWKS; the primary's successor is the most recently created active key.</summary>
public sealed record DeactivateSigningKey(Guid Id) : ICommand<SigningKeyDto>, IRetryOnConflict;

internal sealed class DeactivateSigningKeyHandler(IOAuthData db, TimeProvider clock) : ICommandHandler<DeactivateSigningKey, SigningKeyDto>
{
    public async Task<SigningKeyDto> Handle(DeactivateSigningKey command, CancellationToken cancellationToken)
    {
        var (ring, key) = await SigningKeyRings.LoadAsync(db, command.Id, cancellationToken);
        ring.Deactivate(key, clock.GetUtcNow().UtcDateTime);
        return SigningKeyDto.From(key);
    }
}

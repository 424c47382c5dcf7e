using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.SigningKeys;

/// <summary>Generates a new RSA-4096 key, which becomes the environment's primary.</summary>
public sealed record GenerateSigningKey : ICommand<SigningKeyDto>;

/// <summary>Takes a key out of JWKS; the primary's successor is the most recently created active key.</summary>
public sealed record DeactivateSigningKey(Guid Id) : ICommand<SigningKeyDto>;

/// <summary>Makes an active key the one that signs.</summary>
public sealed record SetPrimarySigningKey(Guid Id) : ICommand<SigningKeyDto>;

internal sealed class GenerateSigningKeyHandler(IOAuthData db, EnvironmentContext scope, ISigningKeyGenerator generator, TimeProvider clock)
    : ICommandHandler<GenerateSigningKey, SigningKeyDto>
{
    public async Task<SigningKeyDto> Handle(GenerateSigningKey command, CancellationToken cancellationToken)
    {
        var ring = new SigningKeyRing(await db.SigningKeys.ToListAsync(cancellationToken));
        var key = generator.Generate(scope.RequiredEnvironmentId, clock.GetUtcNow().UtcDateTime);
        ring.Add(key);
        db.SigningKeys.Add(key);
        return SigningKeyDto.From(key);
    }
}

internal sealed class DeactivateSigningKeyHandler(IOAuthData db, TimeProvider clock) : ICommandHandler<DeactivateSigningKey, SigningKeyDto>
{
    public async Task<SigningKeyDto> Handle(DeactivateSigningKey command, CancellationToken cancellationToken)
    {
        var (ring, key) = await SigningKeyRings.LoadAsync(db, command.Id, cancellationToken);
        ring.Deactivate(key, clock.GetUtcNow().UtcDateTime);
        return SigningKeyDto.From(key);
    }
}

internal sealed class SetPrimarySigningKeyHandler(IOAuthData db) : ICommandHandler<SetPrimarySigningKey, SigningKeyDto>
{
    public async Task<SigningKeyDto> Handle(SetPrimarySigningKey command, CancellationToken cancellationToken)
    {
        var (ring, key) = await SigningKeyRings.LoadAsync(db, command.Id, cancellationToken);
        ring.SetPrimary(key);
        return SigningKeyDto.From(key);
    }
}

internal static class SigningKeyRings
{
    public static async Task<(SigningKeyRing Ring, SigningKey Key)> LoadAsync(IOAuthData db, Guid id, CancellationToken cancellationToken)
    {
        var keys = await db.SigningKeys.ToListAsync(cancellationToken);
        var key = keys.SingleOrDefault(k => k.Id == id) ?? throw new NotFoundException("signing key");
        return (new SigningKeyRing(keys), key);
    }
}

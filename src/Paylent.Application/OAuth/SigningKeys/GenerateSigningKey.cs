using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.SigningKeys;

/// <summary>Generates a new RSA-4096 key, which becomes the environment's primary.</summary>
public sealed record GenerateSigningKey : ICommand<SigningKeyDto>;

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

using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.SigningKeys;

/// <summary>
/// Gives the current environment a primary key of every algorithm it has none of: an environment made
/// before ES256 existed gets its P-256 key at the next start. Keys it already has stay as they are.
/// </summary>
public sealed record EnsureSigningKeys : ICommand<IReadOnlyList<SigningKeyDto>>;

internal sealed class EnsureSigningKeysHandler(IOAuthData db, EnvironmentContext scope, ISigningKeyGenerator generator, TimeProvider clock)
    : ICommandHandler<EnsureSigningKeys, IReadOnlyList<SigningKeyDto>>
{
    public async Task<IReadOnlyList<SigningKeyDto>> Handle(EnsureSigningKeys command, CancellationToken cancellationToken)
    {
        var ring = new SigningKeyRing(await db.SigningKeys.ToListAsync(cancellationToken));
        var generated = new List<SigningKeyDto>();
        foreach (var algorithm in ring.AlgorithmsWithoutPrimary)
        {
            var key = generator.Generate(scope.RequiredEnvironmentId, algorithm, clock.GetUtcNow().UtcDateTime);
            ring.Add(key);
            db.SigningKeys.Add(key);
            generated.Add(SigningKeyDto.From(key));
        }

        return generated;
    }
}

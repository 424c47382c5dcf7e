using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.OAuth.SigningKeys;

/// <summary>The current environment's signing keys, newest first.</summary>
public sealed record ListSigningKeys : IQuery<IReadOnlyList<SigningKeyDto>>;

internal sealed class ListSigningKeysHandler(IOAuthData db) : IQueryHandler<ListSigningKeys, IReadOnlyList<SigningKeyDto>>
{
    public async Task<IReadOnlyList<SigningKeyDto>> Handle(ListSigningKeys query, CancellationToken cancellationToken) =>
        (await db.SigningKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).ToListAsync(cancellationToken))
        .Select(SigningKeyDto.From).ToList();
}

using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.OAuth.SigningKeys;

/// <summary>The current environment's signing keys, newest first.</summary>
public sealed record ListSigningKeys : IQuery<IReadOnlyList<SigningKeyDto>>;

public sealed record GetSigningKey(Guid Id) : IQuery<SigningKeyDto>;

internal sealed class ListSigningKeysHandler(IOAuthData db) : IQueryHandler<ListSigningKeys, IReadOnlyList<SigningKeyDto>>
{
    public async Task<IReadOnlyList<SigningKeyDto>> Handle(ListSigningKeys query, CancellationToken cancellationToken) =>
        (await db.SigningKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).ToListAsync(cancellationToken))
        .Select(SigningKeyDto.From).ToList();
}

internal sealed class GetSigningKeyHandler(IOAuthData db) : IQueryHandler<GetSigningKey, SigningKeyDto>
{
    public async Task<SigningKeyDto> Handle(GetSigningKey query, CancellationToken cancellationToken) =>
        SigningKeyDto.From(await db.SigningKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("signing key"));
}

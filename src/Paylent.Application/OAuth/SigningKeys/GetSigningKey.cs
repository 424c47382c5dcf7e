using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.OAuth.SigningKeys;

public sealed record GetSigningKey(Guid Id) : IQuery<SigningKeyDto>;

internal sealed class GetSigningKeyHandler(IOAuthData db) : IQueryHandler<GetSigningKey, SigningKeyDto>
{
    public async Task<SigningKeyDto> Handle(GetSigningKey query, CancellationToken cancellationToken) =>
        SigningKeyDto.From(await db.SigningKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("signing key"));
}

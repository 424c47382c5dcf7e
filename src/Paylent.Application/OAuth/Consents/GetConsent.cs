using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.OAuth.Consents;

public sealed record GetConsent(Guid Id) : IQuery<ConsentDto>;

internal sealed class GetConsentHandler(IOAuthData db) : IQueryHandler<GetConsent, ConsentDto>
{
    public async Task<ConsentDto> Handle(GetConsent query, CancellationToken cancellationToken)
    {
        var consent = await db.Consents.AsNoTracking().SingleOrDefaultAsync(c => c.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("consent");
        var names = await ConsentClients.NamesAsync(db, [consent], cancellationToken);
        return ConsentDto.From(consent, names.GetValueOrDefault(consent.ClientId));
    }
}

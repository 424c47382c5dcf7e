using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Identity.Contracts;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Consents;

/// <summary>The applications a user allowed, most recently changed first.</summary>
public sealed record ListConsents(Guid UserId) : IQuery<IReadOnlyList<ConsentDto>>;

public sealed record GetConsent(Guid Id) : IQuery<ConsentDto>;

internal sealed class ListConsentsHandler(IOAuthData db, IUserDirectory users) : IQueryHandler<ListConsents, IReadOnlyList<ConsentDto>>
{
    /// <summary>Enough for any real user; a runaway script cannot make the page unbounded.</summary>
    public const int MaxConsents = 200;

    public async Task<IReadOnlyList<ConsentDto>> Handle(ListConsents query, CancellationToken cancellationToken)
    {
        if (!await users.ExistsAsync(query.UserId, cancellationToken))
        {
            throw new NotFoundException("user");
        }

        var consents = await db.Consents.AsNoTracking()
            .Where(c => c.UserId == query.UserId)
            .OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.ClientId)
            .Take(MaxConsents)
            .ToListAsync(cancellationToken);
        var names = await ConsentClients.NamesAsync(db, consents, cancellationToken);
        return consents.Select(c => ConsentDto.From(c, names.GetValueOrDefault(c.ClientId))).ToList();
    }
}

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

internal static class ConsentClients
{
    public static async Task<Dictionary<string, string>> NamesAsync(IOAuthData db, IReadOnlyCollection<Consent> consents, CancellationToken cancellationToken)
    {
        var clientIds = consents.Select(c => c.ClientId).Distinct(StringComparer.Ordinal).ToList();
        return clientIds.Count == 0
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : await db.OAuthClients.AsNoTracking()
                .Where(c => clientIds.Contains(c.ClientId))
                .ToDictionaryAsync(c => c.ClientId, c => c.Name, StringComparer.Ordinal, cancellationToken);
    }
}

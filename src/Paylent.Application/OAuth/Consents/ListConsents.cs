using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Identity.Contracts;

namespace Paylent.Application.OAuth.Consents;

/// <summary>The applications a user allowed, most recently changed first.</summary>
public sealed record ListConsents(Guid UserId) : IQuery<IReadOnlyList<ConsentDto>>;

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

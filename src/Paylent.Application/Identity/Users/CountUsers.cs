using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Identity.Users;

/// <summary>How many users the current environment has, whatever their status (the overview's count).</summary>
public sealed record CountUsers : IQuery<int>;

internal sealed class CountUsersHandler(IIdentityData db) : IQueryHandler<CountUsers, int>
{
    public Task<int> Handle(CountUsers query, CancellationToken cancellationToken) => db.Users.CountAsync(cancellationToken);
}

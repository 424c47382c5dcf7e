using Microsoft.EntityFrameworkCore;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity;

/// <summary>
/// The Identity module's tables, and nothing else: its handlers' data port.
/// Environment-scoped sets only ever show the current environment.
/// </summary>
public interface IIdentityData
{
    DbSet<User> Users { get; }

    DbSet<Session> Sessions { get; }

    DbSet<UserToken> UserTokens { get; }
}

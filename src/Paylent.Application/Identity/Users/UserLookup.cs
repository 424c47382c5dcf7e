using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Users;

internal static class UserLookup
{
    public static async Task<User> FindAsync(IIdentityData db, Guid id, CancellationToken cancellationToken) =>
        await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken) ?? throw new NotFoundException("user");
}

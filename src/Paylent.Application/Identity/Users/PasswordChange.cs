using Paylent.Application.Common.Security;
using Paylent.Application.Identity.Sessions;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Users;

internal static class PasswordChange
{
    /// <summary>An admin's new password for a user: whoever was signed in with the old one is signed out.</summary>
    public static async Task ApplyAsync(IIdentityData db, IPasswordHasher hasher, User user, string password, DateTime now, CancellationToken cancellationToken)
    {
        user.ChangePassword(hasher.Hash(password), now);
        await db.RevokeSessionsOfAsync(user.Id, now, cancellationToken);
    }
}

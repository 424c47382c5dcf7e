using Microsoft.EntityFrameworkCore;
using Paylent.Application.Identity.Contracts;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Users;

/// <summary>Identity's <see cref="IUserDirectory"/>, over its own tables.</summary>
internal sealed class UserDirectory(IIdentityData db) : IUserDirectory
{
    public Task<bool> ExistsAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.Id == userId, cancellationToken);

    public async Task<UserClaimsSource?> FindActiveAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken) is { IsActive: true } user
            ? ClaimsOf(user)
            : null;

    public async Task<Guid?> FindIdByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = User.Normalize(email);
        return await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
    }

    public IQueryable<Guid> ActiveUserIds() => db.Users.Where(u => u.Status == UserStatus.Active).Select(u => u.Id);

    private static UserClaimsSource ClaimsOf(User user) =>
        new(user.Id, user.Email, user.EmailVerified, user.Username, user.GivenName, user.FamilyName, user.FullName, user.UpdatedAt);
}

using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Users;

public sealed record UserDto(
    Guid Id,
    string Email,
    string? Username,
    string? GivenName,
    string? FamilyName,
    bool EmailVerified,
    UserStatus Status,
    bool HasPassword,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? LastSignedInAt,
    string? FullName)
{
    public static UserDto From(User user) => new(
        user.Id, user.Email, user.Username, user.GivenName, user.FamilyName, user.EmailVerified, user.Status,
        user.HasPassword, user.CreatedAt, user.UpdatedAt, user.LastSignedInAt, user.FullName);
}

namespace Paylent.Application.Identity.Contracts;

/// <summary>What other modules may know of an environment's users: whether one exists, is active, and the claims it has.</summary>
public interface IUserDirectory
{
    Task<bool> ExistsAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The user's claims if the user exists and is active (not disabled); otherwise null.</summary>
    Task<UserClaimsSource?> FindActiveAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The id of the user with this email address (compared as Identity normalises it), whatever its status; or null.</summary>
    Task<Guid?> FindIdByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>The ids of the active users, as a query another module composes into its own (one round trip).</summary>
    IQueryable<Guid> ActiveUserIds();
}

/// <summary>The profile an active user's ID tokens and userinfo answer from (OIDC Core §5.1).</summary>
public sealed record UserClaimsSource(
    Guid Id,
    string Email,
    bool EmailVerified,
    string? Username,
    string? GivenName,
    string? FamilyName,
    string? FullName,
    DateTime UpdatedAt);

namespace Paylent.Application.Access.Contracts;

/// <summary>
/// The roles and permissions a token carries, computed when it is issued (RFC 9068 §2.2.3.1 names
/// <c>roles</c>): what the subject holds for every client of the environment plus what it holds for the
/// requesting client, composites resolved.
/// </summary>
public interface IAccessClaims
{
    Task<SubjectAccess> ForUserAsync(Guid userId, string clientId, CancellationToken cancellationToken);

    /// <summary>
    /// A user acting in an organization: the roles it holds in the environment <b>and</b> the roles its
    /// membership holds (<paramref name="organizationRoleIds"/>), resolved together, so the answer is the
    /// de-duplicated union of both sides' effective roles and permissions, sorted (docs/organizations.md).
    /// </summary>
    Task<SubjectAccess> ForMemberAsync(Guid userId, string clientId, IReadOnlyList<Guid> organizationRoleIds, CancellationToken cancellationToken);

    /// <summary>A confidential client acting for itself (<c>client_credentials</c>): its service account's roles.</summary>
    Task<SubjectAccess> ForClientAsync(string clientId, CancellationToken cancellationToken);
}

/// <summary>Flat role slugs and effective permission slugs, both sorted.</summary>
public sealed record SubjectAccess(IReadOnlyList<string> Roles, IReadOnlyList<string> Permissions)
{
    public static readonly SubjectAccess None = new([], []);
}

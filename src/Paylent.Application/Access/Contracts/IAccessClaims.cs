namespace Paylent.Application.Access.Contracts;

/// <summary>
/// The roles and permissions a token carries, computed when it is issued (RFC 9068 §2.2.3.1 names
/// <c>roles</c>): what the subject holds for every client of the environment plus what it holds for the
/// requesting client, composites resolved.
/// </summary>
public interface IAccessClaims
{
    Task<SubjectAccess> ForUserAsync(Guid userId, string clientId, CancellationToken cancellationToken);

    /// <summary>A confidential client acting for itself (<c>client_credentials</c>): its service account's roles.</summary>
    Task<SubjectAccess> ForClientAsync(string clientId, CancellationToken cancellationToken);
}

/// <summary>Flat role slugs and effective permission slugs, both sorted.</summary>
public sealed record SubjectAccess(IReadOnlyList<string> Roles, IReadOnlyList<string> Permissions)
{
    public static readonly SubjectAccess None = new([], []);
}

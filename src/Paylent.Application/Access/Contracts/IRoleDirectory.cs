namespace Paylent.Application.Access.Contracts;

/// <summary>
/// What other modules may know of the environment's roles: their ids and slugs, and the roles a new
/// environment starts with. Organizations hold roles per membership by id through it.
/// </summary>
public interface IRoleDirectory
{
    /// <summary>The current environment's roles among <paramref name="ids"/>, ordered by slug; unknown ids are left out.</summary>
    Task<IReadOnlyList<RoleReference>> FindAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    /// <summary>The current environment's role with this slug (case-insensitively), or null.</summary>
    Task<RoleReference?> FindBySlugAsync(string slug, CancellationToken cancellationToken);

    /// <summary>Adds roles, for every client, to an environment being created in this unit of work.</summary>
    void AddToNewEnvironment(Guid environmentId, IReadOnlyList<RoleSeed> roles, DateTime now);
}

/// <summary>A role by id and slug.</summary>
public sealed record RoleReference(Guid Id, string Slug);

/// <summary>A role every environment starts with.</summary>
public sealed record RoleSeed(string Slug, string Name, string Description);

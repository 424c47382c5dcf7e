using Paylent.Domain.Common;

namespace Paylent.Domain.Access;

/// <summary>
/// Something an application lets a subject do (<c>invoices:read</c>), defined per environment. Its slug
/// is immutable: roles and issued tokens name it. Deleting it removes it from every role.
/// </summary>
[Audited("permission")]
public sealed class Permission : AggregateRoot, IEnvironmentScoped
{
    public const int MaxDescriptionLength = 500;

    private Permission(Guid environmentId, string slug, string? description, DateTime createdAt)
    {
        EnvironmentId = environmentId;
        Slug = slug;
        Description = description;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public Guid EnvironmentId { get; private set; }

    public string Slug { get; private set; }

    public string? Description { get; private set; }

    public DateTime CreatedAt { get; private set; }

    [NotAudited]
    public DateTime UpdatedAt { get; private set; }

    public static Permission Create(Guid environmentId, string slug, string? description, DateTime now)
    {
        if (!AccessSlugs.IsPermission(slug))
        {
            throw new DomainException(
                "invalid_slug",
                $"A permission slug is 1-{AccessSlugs.MaxLength} lower-case letters, digits and - _ . * in segments separated by ':' (invoices:read).",
                "slug");
        }

        return new Permission(environmentId, slug, Blank(description), now);
    }

    /// <summary>Changes nothing, not even <see cref="UpdatedAt"/>, when the description is as it was.</summary>
    public void Describe(string? description, DateTime now)
    {
        if (Blank(description) is var described && described != Description)
        {
            (Description, UpdatedAt) = (described, now);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

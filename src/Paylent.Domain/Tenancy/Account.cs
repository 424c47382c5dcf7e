using Paylent.Domain.Common;

namespace Paylent.Domain.Tenancy;

/// <summary>A customer of the platform: it owns environments and has dashboard admins.</summary>
[Audited("account")]
public sealed class Account : AggregateRoot
{
    public const int MaxNameLength = 100;

    /// <summary>The environments every account starts with.</summary>
    public static readonly IReadOnlyList<string> DefaultEnvironments = ["test", "production"];

    private Account(string slug, string name, DateTime createdAt)
    {
        Slug = slug;
        Name = name;
        CreatedAt = createdAt;
    }

    public string Slug { get; private set; }

    public string Name { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public static Account Create(string slug, string name, DateTime now)
    {
        if (!Common.Slug.IsValidAccountSlug(slug))
        {
            throw new DomainException("invalid_slug", "An account slug is 1-40 lower-case letters, digits and inner hyphens.", nameof(Slug));
        }

        return new Account(slug, RequireName(name), now);
    }

    public PaylentEnvironment AddEnvironment(string slug, DateTime now) => PaylentEnvironment.Create(this, slug, now);

    private static string RequireName(string name) =>
        string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength
            ? throw new DomainException("invalid_name", $"A name is 1-{MaxNameLength} characters.", nameof(Name))
            : name.Trim();
}

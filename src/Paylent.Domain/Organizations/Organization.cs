using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Paylent.Domain.Common;

namespace Paylent.Domain.Organizations;

/// <summary>
/// A group of an environment's users (a customer, a team) that its members belong to with roles of
/// their own. The slug names it in URLs and requests (<c>organization=acme</c>), unique in the
/// environment; metadata is a small JSON object the application keeps on it.
/// </summary>
[Audited("organization")]
public sealed partial class Organization : AggregateRoot, IEnvironmentScoped
{
    public const int MaxSlugLength = 50;
    public const int MaxNameLength = 100;

    /// <summary>Metadata is for a few attributes, not a document store: its UTF-8 JSON is bounded.</summary>
    public const int MaxMetadataBytes = 4096;
    public const int MaxMetadataDepth = 8;
    public const string EmptyMetadata = "{}";

    private Organization(Guid environmentId, string slug, string name, string metadata, DateTime createdAt)
    {
        EnvironmentId = environmentId;
        Slug = slug;
        Name = name;
        Metadata = metadata;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public Guid EnvironmentId { get; private set; }

    public string Slug { get; private set; }

    public string Name { get; private set; }

    /// <summary>A JSON object, compact.</summary>
    public string Metadata { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>Also moved when an owner is given up, so two such changes cannot both commit (see <see cref="ReleaseOwner"/>).</summary>
    [NotAudited]
    public DateTime UpdatedAt { get; private set; }

    public static bool IsSlug(string? value) => value is { Length: > 0 and <= MaxSlugLength } && SlugPattern().IsMatch(value);

    public static Organization Create(Guid environmentId, string slug, string name, string? metadata, DateTime now)
    {
        if (!IsSlug(slug))
        {
            throw new DomainException("invalid_slug", $"An organization slug is 1-{MaxSlugLength} lower-case letters, digits and hyphens.", "slug");
        }

        return new Organization(environmentId, slug, RequiredName(name), CompactMetadata(metadata), now);
    }

    /// <summary>Changes nothing, not even <see cref="UpdatedAt"/>, when the name is as it was: a repeated request writes nothing.</summary>
    public void Rename(string name, DateTime now)
    {
        if (RequiredName(name) is var renamed && renamed != Name)
        {
            (Name, UpdatedAt) = (renamed, now);
        }
    }

    /// <summary>Changes nothing when the metadata, compacted, is as it was.</summary>
    public void ReplaceMetadata(string? metadata, DateTime now)
    {
        if (CompactMetadata(metadata) is var compacted && compacted != Metadata)
        {
            (Metadata, UpdatedAt) = (compacted, now);
        }
    }

    /// <summary>
    /// A member stops being an active owner (removed, demoted, deactivated). Refused when no other
    /// active owner remains. Otherwise the organization itself is written too: its version is the
    /// concurrency token, so of two requests that each saw another owner left and each gives one up,
    /// only the first commits; the second re-reads and meets this rule.
    /// </summary>
    public void ReleaseOwner(bool anotherActiveOwnerRemains, DateTime now)
    {
        if (!anotherActiveOwnerRemains)
        {
            throw new DomainException(
                "last_owner", "This member is the organization's last active owner: make another member owner first.");
        }

        UpdatedAt = now;
    }

    /// <summary>
    /// Metadata is a JSON object of at most <see cref="MaxMetadataBytes"/> bytes and
    /// <see cref="MaxMetadataDepth"/> levels, kept compact; null or blank is the empty object.
    /// </summary>
    public static string CompactMetadata(string? metadata)
    {
        if (string.IsNullOrWhiteSpace(metadata))
        {
            return EmptyMetadata;
        }

        try
        {
            using var document = JsonDocument.Parse(metadata, new JsonDocumentOptions { MaxDepth = MaxMetadataDepth });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw InvalidMetadata("Metadata must be a JSON object.");
            }

            var compact = JsonSerializer.Serialize(document.RootElement);
            return Encoding.UTF8.GetByteCount(compact) > MaxMetadataBytes
                ? throw InvalidMetadata($"Metadata is at most {MaxMetadataBytes} bytes of JSON.")
                : compact;
        }
        catch (JsonException)
        {
            throw InvalidMetadata($"Metadata must be a JSON object at most {MaxMetadataDepth} levels deep.");
        }
    }

    private static DomainException InvalidMetadata(string message) => new("invalid_metadata", message, "metadata");

    private static string RequiredName(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw new DomainException("name_required", "An organization needs a name.", "name") : name.Trim();

    [GeneratedRegex("^[a-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}

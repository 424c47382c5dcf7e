using Paylent.Domain.Common;

namespace Paylent.Domain.Tenancy;

/// <summary>
/// An isolated set of data (users, clients, keys, audit) inside an account, served on
/// <c>{account}-{environment}.{BaseDomain}</c>. Named so it never collides with <see cref="System.Environment"/>.
/// </summary>
[Audited("environment")]
public sealed class PaylentEnvironment : AggregateRoot, IAccountScoped
{
    private PaylentEnvironment(Guid accountId, string slug, DateTime createdAt)
    {
        AccountId = accountId;
        Slug = slug;
        CreatedAt = createdAt;
    }

    public Guid AccountId { get; private set; }

    public string Slug { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>The first DNS label of the environment's host: <c>{account}-{environment}</c>.</summary>
    public static string HostLabel(string accountSlug, string environmentSlug) => $"{accountSlug}-{environmentSlug}";

    internal static PaylentEnvironment Create(Account account, string slug, DateTime now)
    {
        if (!Common.Slug.IsValidEnvironmentSlug(slug))
        {
            throw new DomainException("invalid_slug", "An environment slug is 1-40 lower-case letters and digits.", nameof(Slug));
        }

        if (account.Slug.Length + 1 + slug.Length > 63)
        {
            throw new DomainException("invalid_slug", "The host label {account}-{environment} must fit in 63 characters.", nameof(Slug));
        }

        return new PaylentEnvironment(account.Id, slug, now);
    }
}

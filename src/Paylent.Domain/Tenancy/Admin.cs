using Paylent.Domain.Common;

namespace Paylent.Domain.Tenancy;

/// <summary>A member of an account who signs in to the dashboard.</summary>
[Audited("admin")]
public sealed class Admin : AggregateRoot, IAccountScoped
{
    public const int MaxEmailLength = 254;

    private Admin(Guid accountId, string email, string passwordHash, DateTime createdAt)
    {
        AccountId = accountId;
        Email = email;
        PasswordHash = passwordHash;
        CreatedAt = createdAt;
    }

    public Guid AccountId { get; private set; }

    /// <summary>Stored lower-cased: email addresses are compared case-insensitively.</summary>
    public string Email { get; private set; }

    [Secret]
    public string PasswordHash { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? LastSignedInAt { get; private set; }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static Admin Create(Account account, string email, string passwordHash, DateTime now) =>
        new(account.Id, NormalizeEmail(email), passwordHash, now);

    /// <param name="upgradedHash">A hash with the current parameters, when the stored one is outdated.</param>
    public void RecordSignIn(DateTime now, string? upgradedHash)
    {
        LastSignedInAt = now;
        if (upgradedHash is not null)
        {
            PasswordHash = upgradedHash;
        }

        Raise(new AdminSignedIn());
    }
}

public sealed record AdminSignedIn : IDomainEvent
{
    public string Action => "admin.signed_in";
}

using Paylent.Domain.Common;

namespace Paylent.Domain.Organizations;

public enum InvitationStatus
{
    Pending,
    Accepted,
    Revoked,
    Expired,
}

/// <summary>
/// An invitation to join an organization, sent to an email address with the roles the new member will
/// hold. Its single-use token is stored as a SHA-256 hash only. Pending until accepted, revoked or past
/// <see cref="ExpiresAt"/>: the status a reader sees is <see cref="StatusAt"/>, which counts expiry even
/// before the recurring job has recorded it, so a late job never lets an invitation through.
/// </summary>
[Audited("invitation")]
public sealed class Invitation : AggregateRoot, IEnvironmentScoped
{
    public const int DefaultLifetimeDays = 7;
    public const int MaxLifetimeDays = 30;

    private Invitation(Guid environmentId, Guid organizationId, string email, string tokenHash, int lifetimeDays, DateTime createdAt)
    {
        EnvironmentId = environmentId;
        OrganizationId = organizationId;
        Email = email;
        NormalizedEmail = Normalize(email);
        TokenHash = tokenHash;
        LifetimeDays = lifetimeDays;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
        ExpiresAt = createdAt.AddDays(lifetimeDays);
    }

    public Guid EnvironmentId { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string Email { get; private set; }

    [NotAudited]
    public string NormalizedEmail { get; private set; }

    public IReadOnlyList<Guid> RoleIds { get; private set; } = [];

    public InvitationStatus Status { get; private set; }

    /// <summary>The SHA-256 of the token the email carries; never the token.</summary>
    [Secret]
    public string TokenHash { get; private set; }

    public int LifetimeDays { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    /// <summary>The member who invited; null when an environment admin (the dashboard, the management API) did.</summary>
    public Guid? InvitedByUserId { get; private set; }

    public Guid? AcceptedByUserId { get; private set; }

    public DateTime? AcceptedAt { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    public DateTime CreatedAt { get; private set; }

    [NotAudited]
    public DateTime UpdatedAt { get; private set; }

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public static Invitation Issue(
        Organization organization, string email, IEnumerable<Guid> roleIds, string tokenHash, int? lifetimeDays, Guid? invitedByUserId, DateTime now)
    {
        var days = lifetimeDays ?? DefaultLifetimeDays;
        if (days is < 1 or > MaxLifetimeDays)
        {
            throw new DomainException("invalid_lifetime", $"An invitation lives 1 to {MaxLifetimeDays} days.", "lifetime_days");
        }

        return new Invitation(organization.EnvironmentId, organization.Id, email.Trim(), tokenHash, days, now)
        {
            RoleIds = Membership.Bounded(roleIds),
            InvitedByUserId = invitedByUserId,
        };
    }

    /// <summary>The status at <paramref name="now"/>: a pending invitation past its expiry is expired, recorded or not.</summary>
    public InvitationStatus StatusAt(DateTime now) => Status == InvitationStatus.Pending && now >= ExpiresAt ? InvitationStatus.Expired : Status;

    /// <summary>
    /// Records the expiry a reader already sees (<see cref="StatusAt"/>) before the expiry job does,
    /// so that a new invitation to the same address may take its place; false when it is not pending past its expiry.
    /// </summary>
    public bool MarkExpired(DateTime now)
    {
        if (StatusAt(now) != InvitationStatus.Expired || Status == InvitationStatus.Expired)
        {
            return false;
        }

        Status = InvitationStatus.Expired;
        UpdatedAt = now;
        return true;
    }

    /// <summary>A new token (the old link stops working) and a new lifetime, from now.</summary>
    public void Resend(string tokenHash, DateTime now)
    {
        EnsurePending(now);
        TokenHash = tokenHash;
        ExpiresAt = now.AddDays(LifetimeDays);
        UpdatedAt = now;
        Raise(new InvitationEvent("invitation.resent"));
    }

    public void Revoke(DateTime now)
    {
        EnsurePending(now);
        Status = InvitationStatus.Revoked;
        RevokedAt = now;
        UpdatedAt = now;
        Raise(new InvitationEvent("invitation.revoked"));
    }

    /// <summary>Ends a pending invitation whatever its expiry (its organization is deleted); false when it was not pending.</summary>
    public bool Withdraw(DateTime now)
    {
        if (Status != InvitationStatus.Pending)
        {
            return false;
        }

        Status = InvitationStatus.Revoked;
        RevokedAt = now;
        UpdatedAt = now;
        Raise(new InvitationEvent("invitation.revoked"));
        return true;
    }

    public void Accept(Guid userId, DateTime now)
    {
        EnsurePending(now);
        Status = InvitationStatus.Accepted;
        AcceptedByUserId = userId;
        AcceptedAt = now;
        UpdatedAt = now;
        Raise(new InvitationEvent("invitation.accepted"));
    }

    public bool DropRoles(IReadOnlyCollection<Guid> roleIds, DateTime now)
    {
        if (!RoleIds.Any(roleIds.Contains))
        {
            return false;
        }

        RoleIds = [.. RoleIds.Where(id => !roleIds.Contains(id))];
        UpdatedAt = now;
        return true;
    }

    private void EnsurePending(DateTime now)
    {
        var status = StatusAt(now);
        if (status != InvitationStatus.Pending)
        {
            throw new DomainException(
                $"invitation_{status.ToString().ToLowerInvariant()}",
                status switch
                {
                    InvitationStatus.Accepted => "This invitation was already accepted.",
                    InvitationStatus.Revoked => "This invitation was revoked.",
                    _ => "This invitation has expired. Ask for a new one.",
                });
        }
    }
}

/// <summary>A change to an invitation that names its own audit action (<c>invitation.resent</c>).</summary>
public sealed record InvitationEvent(string Action) : IDomainEvent;

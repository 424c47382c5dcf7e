using Paylent.Domain.Common;

namespace Paylent.Domain.Access;

/// <summary>
/// A role given to a user, or to a confidential client as its service account (its
/// <c>client_credentials</c> tokens then carry the role). Exactly one of <see cref="UserId"/> and
/// <see cref="ClientId"/> is set.
/// </summary>
[Audited("role_assignment")]
public sealed class RoleAssignment : AggregateRoot, IEnvironmentScoped
{
    private RoleAssignment(Guid environmentId, Guid roleId, Guid? userId, string? clientId, int slot, DateTime createdAt)
    {
        EnvironmentId = environmentId;
        RoleId = roleId;
        UserId = userId;
        ClientId = clientId;
        Slot = slot;
        CreatedAt = createdAt;
    }

    public Guid EnvironmentId { get; private set; }

    public Guid RoleId { get; private set; }

    public Guid? UserId { get; private set; }

    /// <summary>The service account's <c>client_id</c>.</summary>
    public string? ClientId { get; private set; }

    /// <summary>
    /// Which of its subject's places the role takes, from 1 to the number of roles a subject may hold; no
    /// two of a subject's roles take the same one (a unique index), so the store itself keeps the limit
    /// when assignments race. A number, not a right: which place a role takes means nothing.
    /// </summary>
    [NotAudited]
    public int Slot { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public static RoleAssignment ToUser(Role role, Guid userId, int slot, DateTime now)
    {
        var assignment = new RoleAssignment(role.EnvironmentId, role.Id, userId, null, FirstOrLater(slot), now);
        assignment.Raise(new RoleEvent("user.role_assigned"));
        return assignment;
    }

    /// <summary>A client-scoped role can only be its own client's: another client's service account would carry it nowhere.</summary>
    public static RoleAssignment ToClient(Role role, string clientId, int slot, DateTime now)
    {
        if (role.ClientId is not null && role.ClientId != clientId)
        {
            throw new DomainException("client_scope_mismatch", $"Role {role.Slug} belongs to another client and cannot be given to this client's service account.", "roles");
        }

        var assignment = new RoleAssignment(role.EnvironmentId, role.Id, null, clientId, FirstOrLater(slot), now);
        assignment.Raise(new RoleEvent("oauth_client.role_assigned"));
        return assignment;
    }

    // Checked where an assignment is made, not in the constructor EF also reads rows through.
    private static int FirstOrLater(int slot) =>
        slot >= 1 ? slot : throw new ArgumentOutOfRangeException(nameof(slot), slot, "A slot is numbered from 1.");

    /// <summary>Names the removal in the audit trail; the caller removes the row.</summary>
    public void Unassign() => Raise(new RoleEvent(UserId is null ? "oauth_client.role_unassigned" : "user.role_unassigned"));
}

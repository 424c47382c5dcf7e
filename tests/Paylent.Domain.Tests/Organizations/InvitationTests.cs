using Paylent.Domain.Common;
using Paylent.Domain.Organizations;

namespace Paylent.Domain.Tests.Organizations;

public sealed class InvitationTests
{
    private static readonly DateTime Now = new(2026, 12, 4, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Organization Acme = Organization.Create(Guid.CreateVersion7(), "acme", "Acme", null, Now);

    private static Invitation NewInvitation(int? days = null) => Invitation.Issue(Acme, " Ada@Example.com ", [Guid.CreateVersion7()], "hash-1", days, null, Now);

    [Fact]
    public void An_invitation_lives_seven_days_by_default_and_at_most_thirty()
    {
        var invitation = NewInvitation();
        Assert.Equal(Now.AddDays(7), invitation.ExpiresAt);
        Assert.Equal("ada@example.com", invitation.NormalizedEmail);
        Assert.Equal("Ada@Example.com", invitation.Email);
        Assert.Equal(Now.AddDays(30), NewInvitation(30).ExpiresAt);
        Assert.Equal("invalid_lifetime", Assert.Throws<DomainException>(() => NewInvitation(31)).Code);
        Assert.Equal("invalid_lifetime", Assert.Throws<DomainException>(() => NewInvitation(0)).Code);
    }

    [Fact]
    public void A_pending_invitation_past_its_expiry_reads_expired_before_anything_records_it()
    {
        var invitation = NewInvitation(1);
        Assert.Equal(InvitationStatus.Pending, invitation.StatusAt(Now.AddHours(23)));
        Assert.Equal(InvitationStatus.Expired, invitation.StatusAt(Now.AddDays(1)));
        Assert.Equal(InvitationStatus.Pending, invitation.Status);
        Assert.Equal("invitation_expired", Assert.Throws<DomainException>(() => invitation.Accept(Guid.CreateVersion7(), Now.AddDays(1))).Code);
    }

    [Fact]
    public void Resend_rotates_the_token_and_restarts_the_lifetime()
    {
        var invitation = NewInvitation(3);
        invitation.Resend("hash-2", Now.AddDays(2));
        Assert.Equal("hash-2", invitation.TokenHash);
        Assert.Equal(Now.AddDays(5), invitation.ExpiresAt);
        Assert.Contains(invitation.DomainEvents, e => e.Action == "invitation.resent");
    }

    [Fact]
    public void Accepted_and_revoked_are_final()
    {
        var accepted = NewInvitation();
        var user = Guid.CreateVersion7();
        accepted.Accept(user, Now.AddHours(1));
        Assert.Equal((InvitationStatus.Accepted, user), (accepted.Status, accepted.AcceptedByUserId));
        Assert.Equal("invitation_accepted", Assert.Throws<DomainException>(() => accepted.Accept(user, Now.AddHours(2))).Code);
        Assert.Equal("invitation_accepted", Assert.Throws<DomainException>(() => accepted.Revoke(Now.AddHours(2))).Code);
        Assert.Equal("invitation_accepted", Assert.Throws<DomainException>(() => accepted.Resend("hash-3", Now.AddHours(2))).Code);

        var revoked = NewInvitation();
        revoked.Revoke(Now.AddHours(1));
        Assert.Equal(InvitationStatus.Revoked, revoked.StatusAt(Now.AddDays(30)));
        Assert.Equal("invitation_revoked", Assert.Throws<DomainException>(() => revoked.Accept(user, Now.AddHours(2))).Code);
        Assert.False(revoked.Withdraw(Now.AddHours(2)));
    }

    [Fact]
    public void An_expired_invitation_cannot_be_resent_or_revoked()
    {
        var invitation = NewInvitation(1);
        Assert.Equal("invitation_expired", Assert.Throws<DomainException>(() => invitation.Resend("hash-2", Now.AddDays(2))).Code);
        Assert.Equal("invitation_expired", Assert.Throws<DomainException>(() => invitation.Revoke(Now.AddDays(2))).Code);
    }
}

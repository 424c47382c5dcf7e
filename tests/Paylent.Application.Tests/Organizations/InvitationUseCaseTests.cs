using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Identity.Users;
using Paylent.Application.Organizations.Invitations;
using Paylent.Application.Organizations.Memberships;
using Paylent.Application.Tests.Support;
using Paylent.Domain.Audit;
using Paylent.Domain.Common;
using Paylent.Domain.Identity;
using Paylent.Domain.Organizations;
using Paylent.Infrastructure.Organizations;

namespace Paylent.Application.Tests.Organizations;

public sealed class InvitationUseCaseTests
{
    private const string Invitee = "ada@example.com";

    private static Task<InvitationDto> InviteAsync(OrganizationScenario scenario, Guid[] roleIds, Guid? inviter = null, string email = Invitee, int? days = null) =>
        scenario.App.Send(new CreateInvitation(scenario.Organization.Id, email, roleIds, days, OrganizationScenario.BaseUrl, inviter), scenario.Test);

    [Fact]
    public async Task An_invited_verified_user_accepts_once_and_becomes_a_member_with_the_invited_roles()
    {
        var scenario = await OrganizationScenario.StartAsync();
        await using var app = scenario.App;
        var invitation = await InviteAsync(scenario, [scenario.Roles.Admin]);
        Assert.Equal("pending", invitation.Status);
        var email = (await app.QueuedEmails()).Last(e => e.To == Invitee);
        Assert.Contains("Acme", email.Subject, StringComparison.Ordinal);
        Assert.Contains($"{OrganizationScenario.BaseUrl}/invitations/accept?token=", email.TextBody, StringComparison.Ordinal);
        var token = await app.LastLinkToken(Invitee);
        var ada = await scenario.CreateUserAsync(Invitee);

        var membership = await app.Send(new AcceptInvitation(token, ada.Id), scenario.Test);

        Assert.Equal(scenario.Organization.Id, membership.OrganizationId);
        Assert.Equal([scenario.Roles.Admin], membership.Roles.Select(r => r.Id));
        Assert.Equal("accepted", (await app.Send(new GetInvitation(scenario.Organization.Id, invitation.Id), scenario.Test)).Status);
        Assert.Equal("invitation_accepted", (await Assert.ThrowsAsync<DomainException>(() => app.Send(new AcceptInvitation(token, ada.Id), scenario.Test))).Code);
    }

    [Fact]
    public async Task The_token_is_stored_hashed_and_appears_in_no_audit_event()
    {
        var scenario = await OrganizationScenario.StartAsync();
        await using var app = scenario.App;
        var invitation = await InviteAsync(scenario, [scenario.Roles.Member]);
        var first = await app.LastLinkToken(Invitee);
        await app.Send(new ResendInvitation(scenario.Organization.Id, invitation.Id, OrganizationScenario.BaseUrl), scenario.Test);
        var second = await app.LastLinkToken(Invitee);

        var stored = await app.Read(db => db.Invitations.IgnoreQueryFilters().SingleAsync(i => i.Id == invitation.Id));
        Assert.Equal(Paylent.Application.Common.Security.Secrets.Hash(second), stored.TokenHash);
        var events = (await app.AllAuditEvents()).Where(e => e.Targets.Any(t => t.Type == "invitation")).ToList();
        Assert.Equal(["invitation.created", "invitation.resent"], events.Select(e => e.Action));
        foreach (var change in events.SelectMany(e => e.Changes))
        {
            Assert.DoesNotContain(first, change.Value.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(second, change.Value.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(stored.TokenHash, change.Value.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(AuditChange.Redacted, events[1].Changes["token_hash"].To?.ToString());
    }

    [Fact]
    public async Task Resend_kills_the_old_link_and_restarts_the_lifetime()
    {
        var clock = new TestClock();
        var scenario = await OrganizationScenario.StartAsync(clock);
        await using var app = scenario.App;
        var invitation = await InviteAsync(scenario, [scenario.Roles.Member], days: 2);
        var old = await app.LastLinkToken(Invitee);
        var ada = await scenario.CreateUserAsync(Invitee);
        clock.Advance(TimeSpan.FromDays(1));

        var resent = await app.Send(new ResendInvitation(scenario.Organization.Id, invitation.Id, OrganizationScenario.BaseUrl), scenario.Test);

        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddDays(2), resent.ExpiresAt);
        Assert.Equal(InvitationTokensCode, (await Assert.ThrowsAsync<DomainException>(() => app.Send(new AcceptInvitation(old, ada.Id), scenario.Test))).Code);
        clock.Advance(TimeSpan.FromDays(1.5));
        await app.Send(new AcceptInvitation(await app.LastLinkToken(Invitee), ada.Id), scenario.Test);
    }

    [Fact]
    public async Task An_address_whose_invitation_expired_before_the_job_ran_can_be_invited_again()
    {
        var clock = new TestClock();
        var scenario = await OrganizationScenario.StartAsync(clock);
        await using var app = scenario.App;
        var lapsed = await InviteAsync(scenario, [scenario.Roles.Member], days: 1);
        clock.Advance(TimeSpan.FromDays(1));

        var again = await InviteAsync(scenario, [scenario.Roles.Member]);

        var stored = await app.Read(db => db.Invitations.IgnoreQueryFilters().OrderBy(i => i.CreatedAt).ToListAsync());
        Assert.Equal([(lapsed.Id, InvitationStatus.Expired), (again.Id, InvitationStatus.Pending)], stored.Select(i => (i.Id, i.Status)));
        Assert.Equal(0, await app.InScope(scenario.Test, services => services.GetRequiredService<ExpireInvitations>().ExpireAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task An_expired_invitation_fails_before_and_after_the_job_records_it_and_stays_listed()
    {
        var clock = new TestClock();
        var scenario = await OrganizationScenario.StartAsync(clock);
        await using var app = scenario.App;
        var invitation = await InviteAsync(scenario, [scenario.Roles.Member], days: 1);
        var token = await app.LastLinkToken(Invitee);
        var ada = await scenario.CreateUserAsync(Invitee);
        clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal("invitation_expired", (await Assert.ThrowsAsync<DomainException>(() => app.Send(new AcceptInvitation(token, ada.Id), scenario.Test))).Code);
        Assert.Equal("expired", Assert.Single((await app.Send(new ListInvitations(scenario.Organization.Id, InvitationStatus.Expired), scenario.Test)).Items).Status);
        Assert.Empty((await app.Send(new ListInvitations(scenario.Organization.Id, InvitationStatus.Pending), scenario.Test)).Items);

        Assert.Equal(1, await app.InScope(scenario.Test, services => services.GetRequiredService<ExpireInvitations>().ExpireAsync(CancellationToken.None)));
        Assert.Equal(0, await app.InScope(scenario.Test, services => services.GetRequiredService<ExpireInvitations>().ExpireAsync(CancellationToken.None)));

        var stored = await app.Read(db => db.Invitations.IgnoreQueryFilters().SingleAsync(i => i.Id == invitation.Id));
        Assert.Equal(InvitationStatus.Expired, stored.Status);
        Assert.Equal("invitation_expired", (await Assert.ThrowsAsync<DomainException>(() => app.Send(new AcceptInvitation(token, ada.Id), scenario.Test))).Code);
        Assert.Equal("expired", Assert.Single((await app.Send(new ListInvitations(scenario.Organization.Id), scenario.Test)).Items).Status);
    }

    [Fact]
    public async Task The_expiry_job_leaves_accepted_revoked_and_live_invitations_alone()
    {
        var clock = new TestClock();
        var scenario = await OrganizationScenario.StartAsync(clock);
        await using var app = scenario.App;
        var revoked = await InviteAsync(scenario, [], email: "revoked@example.com", days: 1);
        await app.Send(new RevokeInvitation(scenario.Organization.Id, revoked.Id), scenario.Test);
        await InviteAsync(scenario, [], email: "live@example.com", days: 3);
        clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal(0, await app.InScope(scenario.Test, services => services.GetRequiredService<ExpireInvitations>().ExpireAsync(CancellationToken.None)));
        var statuses = (await app.Send(new ListInvitations(scenario.Organization.Id), scenario.Test)).Items.ToDictionary(i => i.Email, i => i.Status);
        Assert.Equal("revoked", statuses["revoked@example.com"]);
        Assert.Equal("pending", statuses["live@example.com"]);
    }

    [Fact]
    public async Task A_revoked_invitation_or_another_environments_token_is_refused()
    {
        var scenario = await OrganizationScenario.StartAsync();
        await using var app = scenario.App;
        var invitation = await InviteAsync(scenario, [scenario.Roles.Member]);
        var token = await app.LastLinkToken(Invitee);
        var ada = await scenario.CreateUserAsync(Invitee);
        var live = scenario.Account.In("production");
        var liveAda = await OrganizationScenario.CreateUserAsync(app, live, Invitee);

        Assert.Equal(InvitationTokensCode, (await Assert.ThrowsAsync<DomainException>(() => app.Send(new AcceptInvitation(token, liveAda.Id), live))).Code);
        Assert.Null(await app.Send(new PreviewInvitation(token), live));

        await app.Send(new RevokeInvitation(scenario.Organization.Id, invitation.Id), scenario.Test);
        Assert.Equal("invitation_revoked", (await Assert.ThrowsAsync<DomainException>(() => app.Send(new AcceptInvitation(token, ada.Id), scenario.Test))).Code);
        Assert.Empty((await app.Send(new ListMemberships(scenario.Organization.Id, ada.Id), scenario.Test)).Items);
    }

    [Fact]
    public async Task Only_the_invited_address_once_verified_can_accept()
    {
        var scenario = await OrganizationScenario.StartAsync();
        await using var app = scenario.App;
        await InviteAsync(scenario, [scenario.Roles.Member]);
        var token = await app.LastLinkToken(Invitee);
        var grace = await scenario.CreateUserAsync("grace@example.com");
        var ada = await scenario.CreateUserAsync(Invitee, verified: false);

        Assert.Equal("email_mismatch", (await Assert.ThrowsAsync<DomainException>(() => app.Send(new AcceptInvitation(token, grace.Id), scenario.Test))).Code);
        Assert.Equal("email_unverified", (await Assert.ThrowsAsync<DomainException>(() => app.Send(new AcceptInvitation(token, ada.Id), scenario.Test))).Code);

        await app.Send(new VerifyUserEmail(ada.Id), scenario.Test);
        await app.Send(new AcceptInvitation(token, ada.Id), scenario.Test);
    }

    [Fact]
    public async Task An_inviter_grants_only_roles_it_holds_in_that_organization_unless_an_environment_admin()
    {
        var scenario = await OrganizationScenario.StartAsync();
        await using var app = scenario.App;
        var admin = await scenario.CreateUserAsync("admin@example.com");
        await scenario.AddAsync(admin.Id, scenario.Roles.Admin, scenario.Roles.Member);
        var outsider = await scenario.CreateUserAsync("outsider@example.com");

        var refused = await Assert.ThrowsAsync<DomainException>(() => InviteAsync(scenario, [scenario.Roles.Owner], admin.Id));
        Assert.Equal(("roles_not_held", "roles"), (refused.Code, refused.Field));
        Assert.Equal("not_a_member", (await Assert.ThrowsAsync<DomainException>(() => InviteAsync(scenario, [], outsider.Id))).Code);
        Assert.Empty(await app.Read(db => db.Invitations.IgnoreQueryFilters().ToListAsync()));

        var granted = await InviteAsync(scenario, [scenario.Roles.Member], admin.Id);
        Assert.Equal(admin.Id, granted.InvitedByUserId);
        await InviteAsync(scenario, [scenario.Roles.Owner], email: "grace@example.com");
    }

    [Fact]
    public async Task Inviting_an_existing_member_or_a_pending_invitee_is_refused()
    {
        var scenario = await OrganizationScenario.StartAsync();
        await using var app = scenario.App;

        Assert.Equal("already_member", (await Assert.ThrowsAsync<DomainException>(() => InviteAsync(scenario, [], email: "OWNER@example.com"))).Code);
        await InviteAsync(scenario, []);
        Assert.Equal("already_invited", (await Assert.ThrowsAsync<DomainException>(() => InviteAsync(scenario, [], email: "Ada@Example.com"))).Code);
    }

    private const string InvitationTokensCode = "invalid_token";
}

using Paylent.Domain.OAuth;

namespace Paylent.Domain.Tests.OAuth;

public sealed class GrantTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Guid EnvironmentId = Guid.CreateVersion7();

    private static Grant StartGrant(TimeSpan sessionLeft) =>
        Grant.Start(EnvironmentId, "app", Guid.CreateVersion7(), Guid.CreateVersion7(), "openid offline_access", Now + sessionLeft, Now);

    [Fact]
    public void A_refresh_token_lives_the_client_lifetime_but_never_past_its_grant()
    {
        Assert.Equal(Now.AddHours(1), RefreshToken.Issue(EnvironmentId, "h1", StartGrant(TimeSpan.FromDays(1)), 3600, Now).ExpiresAt);
        Assert.Equal(Now.AddMinutes(10), RefreshToken.Issue(EnvironmentId, "h2", StartGrant(TimeSpan.FromMinutes(10)), 3600, Now).ExpiresAt);
    }

    [Fact]
    public void A_rotation_issues_the_successor_that_names_the_token_it_spends_and_changes_nothing_on_the_spent_one()
    {
        var family = StartGrant(TimeSpan.FromDays(1));
        var token = RefreshToken.Issue(EnvironmentId, "h", family, 3600, Now);
        var successor = token.Rotate("h2", family, 3600, Now.AddMinutes(5));
        Assert.Equal(token.Id, successor.ReplacesTokenId);
        Assert.Equal(family.Id, successor.GrantId);
        Assert.Equal(Now.AddMinutes(65), successor.ExpiresAt);
        Assert.Null(token.RotatedAt);
        Assert.Null(token.ReplacesTokenId);
    }

    [Fact]
    public void A_token_is_spent_once_a_successor_names_it()
    {
        var family = StartGrant(TimeSpan.FromDays(1));
        var token = RefreshToken.Issue(EnvironmentId, "h", family, 3600, Now);
        var other = RefreshToken.Issue(EnvironmentId, "o", family, 3600, Now);
        var spent = RefreshToken.SpentAmong.Compile();
        Assert.False(spent(token, new[] { token, other }.AsQueryable()));
        var successor = token.Rotate("h2", family, 3600, Now);
        var tokens = new[] { token, other, successor }.AsQueryable();
        Assert.True(spent(token, tokens));
        Assert.False(spent(other, tokens));
        Assert.False(spent(successor, tokens));
        var unspent = RefreshToken.UnspentAmong(tokens).Compile();
        Assert.Equal([other, successor], tokens.AsEnumerable().Where(unspent));
    }

    [Fact]
    public void A_grant_ends_when_revoked_or_at_its_session_end_and_keeps_its_first_revocation_time()
    {
        var grant = StartGrant(TimeSpan.FromHours(1));
        Assert.True(grant.IsActive(Now));
        Assert.False(grant.IsActive(Now.AddHours(1)));
        grant.Revoke(Now.AddMinutes(1));
        grant.Revoke(Now.AddMinutes(2));
        Assert.Equal(Now.AddMinutes(1), grant.RevokedAt);
        Assert.False(grant.IsActive(Now));
    }

    [Fact]
    public void A_code_lives_sixty_seconds_and_its_redemption_starts_a_grant_that_names_it()
    {
        var organizationId = Guid.CreateVersion7();
        var code = AuthorizationCode.Issue(
            EnvironmentId, "app", Guid.CreateVersion7(), Guid.CreateVersion7(), "https://app.example/cb", "openid offline_access", "c", null, null, Now, organizationId);
        Assert.True(code.IsUnexpired(Now.AddSeconds(59)));
        Assert.False(code.IsUnexpired(Now.AddSeconds(60)));
        Assert.True(code.IsFor("https://app.example/cb"));
        Assert.False(code.IsFor("https://app.example/cb/"));

        var grant = code.Redeem(Now.AddDays(1), Now.AddSeconds(5));

        Assert.Equal(code.Id, grant.AuthorizationCodeId);
        Assert.Equal(
            (code.EnvironmentId, code.ClientId, code.UserId, code.SessionId, code.Scope, (Guid?)organizationId, Now.AddSeconds(5), Now.AddDays(1)),
            (grant.EnvironmentId, grant.ClientId, grant.UserId, grant.SessionId, grant.Scope, grant.OrganizationId, grant.CreatedAt, grant.ExpiresAt));
    }

    [Fact]
    public void Consent_covers_what_was_allowed_and_grows_by_what_is_added()
    {
        var consent = Consent.Give(EnvironmentId, Guid.CreateVersion7(), "app", ["openid", "email"], Now);
        Assert.True(consent.Covers(["email"]));
        Assert.False(consent.Covers(["email", "offline_access"]));
        consent.Add(["offline_access", "email"], Now.AddMinutes(1));
        Assert.Equal(["openid", "email", "offline_access"], consent.Scopes);
        Assert.Equal(Now.AddMinutes(1), consent.UpdatedAt);
    }
}

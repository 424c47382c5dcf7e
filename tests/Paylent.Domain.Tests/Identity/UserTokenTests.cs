using Paylent.Domain.Identity;

namespace Paylent.Domain.Tests.Identity;

public sealed class UserTokenTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);

    private static User NewUser() => User.Create(Guid.CreateVersion7(), new UserProfile("Ada@Example.com", null, null, null), null, Now);

    [Fact]
    public void A_token_works_once()
    {
        var user = NewUser();
        var token = UserToken.Issue(user, UserTokenPurpose.PasswordReset, "hash", Now);

        Assert.True(token.TryUse(user, Now.AddMinutes(1)));
        Assert.False(token.TryUse(user, Now.AddMinutes(2)));
        Assert.Equal(Now.AddMinutes(1), token.UsedAt);
    }

    [Theory]
    [InlineData(UserTokenPurpose.PasswordReset, 1)]
    [InlineData(UserTokenPurpose.EmailVerification, 24)]
    public void A_token_expires_after_its_purpose_s_lifetime(UserTokenPurpose purpose, int hours)
    {
        var user = NewUser();
        var token = UserToken.Issue(user, purpose, "hash", Now);

        Assert.Equal(Now.AddHours(hours), token.ExpiresAt);
        Assert.False(token.TryUse(user, Now.AddHours(hours)));
        Assert.True(token.TryUse(user, Now.AddHours(hours).AddSeconds(-1)));
    }

    [Fact]
    public void A_token_is_bound_to_the_address_it_was_sent_to()
    {
        var user = NewUser();
        var token = UserToken.Issue(user, UserTokenPurpose.EmailVerification, "hash", Now);
        Assert.Equal("ada@example.com", token.Email);

        user.UpdateProfile(new UserProfile("ada@elsewhere.example", null, null, null), Now);

        Assert.False(token.TryUse(user, Now));
        Assert.Null(token.UsedAt);
    }

    [Fact]
    public void A_token_does_not_work_for_another_user()
    {
        var token = UserToken.Issue(NewUser(), UserTokenPurpose.PasswordReset, "hash", Now);

        Assert.False(token.TryUse(NewUser(), Now));
    }
}

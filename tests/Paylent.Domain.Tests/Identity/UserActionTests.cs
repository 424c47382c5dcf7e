using Paylent.Domain.Identity;

namespace Paylent.Domain.Tests.Identity;

/// <summary>The audit actions a user's changes are named by: a named event never hides the create or update itself.</summary>
public sealed class UserActionTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);

    private static User NewUser() => User.Create(Guid.NewGuid(), new UserProfile("ada@example.com", null, "Ada", null), null, Now);

    private static List<string> Actions(User user) => user.DomainEvents.Select(e => e.Action).ToList();

    [Fact]
    public void A_user_created_verified_is_both_created_and_verified()
    {
        var user = User.Create(Guid.NewGuid(), new UserProfile("ada@example.com", null, null, null, EmailVerified: true), null, Now);

        Assert.Equal(["user.created", "user.email_verified"], Actions(user));
    }

    [Fact]
    public void A_profile_change_with_a_new_password_and_a_disable_is_updated_once_and_password_changed()
    {
        var user = NewUser();
        user.ClearDomainEvents();

        user.UpdateProfile(new UserProfile("ada@example.com", null, "Augusta", null), Now);
        user.SetStatus(UserStatus.Disabled, Now);
        user.ChangePassword("$argon2id$new", Now);

        Assert.Equal(["user.updated", "user.password_changed"], Actions(user));
    }

    [Fact]
    public void An_unchanged_profile_raises_nothing_so_a_password_change_alone_is_named_as_such()
    {
        var user = NewUser();
        user.ClearDomainEvents();

        user.UpdateProfile(new UserProfile("ada@example.com", null, "Ada", null), Now);
        user.SetStatus(UserStatus.Active, Now);
        user.ChangePassword("$argon2id$new", Now);

        Assert.Equal(["user.password_changed"], Actions(user));
    }
}

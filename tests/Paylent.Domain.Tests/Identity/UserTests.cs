using Paylent.Domain.Identity;

namespace Paylent.Domain.Tests.Identity;

public sealed class UserTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Guid EnvironmentId = Guid.CreateVersion7();

    [Fact]
    public void Profile_is_trimmed_blank_fields_become_null_and_the_email_is_normalized_for_lookups()
    {
        var user = User.Create(EnvironmentId, new UserProfile("  Ada@Example.COM ", " Ada.L ", "  ", " Lovelace "), null, Now);

        Assert.Equal("Ada@Example.COM", user.Email);
        Assert.Equal("ada@example.com", user.NormalizedEmail);
        Assert.Equal("Ada.L", user.Username);
        Assert.Equal("ada.l", user.NormalizedUsername);
        Assert.Null(user.GivenName);
        Assert.Equal("Lovelace", user.FamilyName);
        Assert.Equal("Lovelace", user.FullName);
        Assert.False(user.HasPassword);
        Assert.False(user.EmailVerified);
        Assert.True(user.IsActive);
    }

    [Fact]
    public void Changing_the_email_resets_verification_but_a_change_of_case_does_not()
    {
        var user = User.Create(EnvironmentId, new UserProfile("ada@example.com", null, "Ada", null), null, Now);
        user.VerifyEmail(Now);

        user.UpdateProfile(new UserProfile("ADA@example.com", null, "Ada", null), Now.AddMinutes(1));
        Assert.True(user.EmailVerified);

        user.UpdateProfile(new UserProfile("ada@elsewhere.example", null, "Ada", null), Now.AddMinutes(2));
        Assert.False(user.EmailVerified);
        Assert.Equal("ada@elsewhere.example", user.NormalizedEmail);
        Assert.Equal(Now.AddMinutes(2), user.UpdatedAt);
    }

    [Fact]
    public void An_admin_may_set_a_new_email_as_verified_and_the_trail_names_both_actions()
    {
        var user = User.Create(EnvironmentId, new UserProfile("ada@example.com", null, null, null), null, Now);
        user.ClearDomainEvents(); // as saved

        user.UpdateProfile(new UserProfile("ada@elsewhere.example", null, null, null, EmailVerified: true), Now);

        Assert.True(user.EmailVerified);
        Assert.Equal(["user.email_verified", "user.updated"], user.DomainEvents.Select(e => e.Action));
    }

    [Fact]
    public void Verifying_an_already_verified_email_raises_nothing()
    {
        var user = User.Create(EnvironmentId, new UserProfile("ada@example.com", null, null, null, EmailVerified: true), null, Now);
        user.ClearDomainEvents();

        user.VerifyEmail(Now);

        Assert.Empty(user.DomainEvents);
    }

    [Fact]
    public void A_success_and_a_password_change_keep_the_hash_they_should()
    {
        var user = User.Create(EnvironmentId, new UserProfile("ada@example.com", null, null, null), "$argon2id$hash", Now);

        user.RecordSignIn(Now.AddMinutes(2), upgradedHash: null);
        Assert.Equal("$argon2id$hash", user.PasswordHash);

        user.ChangePassword("new", Now);
        Assert.False(user.IsLockedOut(Now));
        Assert.Equal("new", user.PasswordHash);
        Assert.Contains("user.password_changed", user.DomainEvents.Select(e => e.Action));
    }
}

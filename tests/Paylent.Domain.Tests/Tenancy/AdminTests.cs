using Paylent.Domain.Tenancy;

namespace Paylent.Domain.Tests.Tenancy;

public sealed class AdminTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Admin_email_is_stored_trimmed_and_lower_cased()
    {
        var admin = Admin.Create(Account.Create("acme", "Acme", Now), "  Ada@Example.COM ", "$argon2id$hash", Now);
        Assert.Equal("ada@example.com", admin.Email);
    }

    [Fact]
    public void Sign_in_records_the_time_raises_an_event_and_takes_an_upgraded_hash()
    {
        var admin = Admin.Create(Account.Create("acme", "Acme", Now), "ada@example.com", "old", Now);

        admin.RecordSignIn(Now.AddMinutes(5), upgradedHash: "new");

        Assert.Equal(Now.AddMinutes(5), admin.LastSignedInAt);
        Assert.Equal("new", admin.PasswordHash);
        Assert.Equal("admin.signed_in", Assert.Single(admin.DomainEvents).Action);
    }

    [Fact]
    public void Sign_in_without_an_upgrade_keeps_the_hash()
    {
        var admin = Admin.Create(Account.Create("acme", "Acme", Now), "ada@example.com", "old", Now);
        admin.RecordSignIn(Now, upgradedHash: null);
        Assert.Equal("old", admin.PasswordHash);
    }
}

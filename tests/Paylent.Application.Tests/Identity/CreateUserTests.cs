using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Identity.Users;
using Paylent.Application.Tests.Support;
using Paylent.Domain.Common;
using Paylent.Domain.Identity;

namespace Paylent.Application.Tests.Identity;

public sealed class CreateUserTests
{
    private const string Password = "a long enough passphrase";

    [Fact]
    public async Task An_email_is_unique_per_environment_whatever_its_case()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        await app.Send(new CreateUser(new UserProfile("ada@example.com", null, null, null), Password), account.In("test"));

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            app.Send(new CreateUser(new UserProfile(" ADA@Example.com", null, null, null), null), account.In("test")));

        Assert.Equal("email_taken", error.Code);
        Assert.Equal(nameof(UserProfile.Email), error.Field);
    }

    [Fact]
    public async Task The_same_email_may_exist_in_another_environment()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = await app.Send(new CreateUser(new UserProfile("ada@example.com", null, null, null), Password), account.In("test"));

        var production = await app.Send(new CreateUser(new UserProfile("ada@example.com", null, null, null), Password), account.In("production"));

        Assert.NotEqual(test.Id, production.Id);
    }

    [Fact]
    public async Task A_username_is_unique_per_environment_whatever_its_case()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        await app.Send(new CreateUser(new UserProfile("ada@example.com", "ada", null, null), null), account.In("test"));

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            app.Send(new CreateUser(new UserProfile("lovelace@example.com", "ADA", null, null), null), account.In("test")));

        Assert.Equal("username_taken", error.Code);
    }

    [Fact]
    public async Task A_user_without_a_password_is_created_without_one()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();

        var user = await app.Send(new CreateUser(new UserProfile("ada@example.com", null, "Ada", "Lovelace"), null), account.In("test"));

        Assert.False(user.HasPassword);
        Assert.Equal("Ada Lovelace", user.FullName);
        Assert.Equal(UserStatus.Active, user.Status);
    }

    [Theory]
    [InlineData("iloveyou01", "too common")]
    [InlineData("ILoveYou01", "too common")]
    [InlineData("short", "at least 8")]
    public async Task A_weak_password_is_refused(string password, string message)
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();

        var error = await Assert.ThrowsAsync<RequestValidationException>(() =>
            app.Send(new CreateUser(new UserProfile("ada@example.com", null, null, null), password), account.In("test")));

        Assert.Contains(error.Errors, e => e.Field == nameof(CreateUser.Password) && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_megabyte_password_is_refused_by_validation_and_nothing_is_written()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();

        var error = await Assert.ThrowsAsync<RequestValidationException>(() =>
            app.Send(new CreateUser(new UserProfile("ada@example.com", null, null, null), new string('x', 1024 * 1024)), account.In("test")));

        Assert.Contains(error.Errors, e => e.Field == nameof(CreateUser.Password));
        Assert.Equal(0, await app.Read(db => db.Users.IgnoreQueryFilters().CountAsync()));
    }
}

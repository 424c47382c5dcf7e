using Paylent.Application.Audit;
using Paylent.Application.Common;
using Paylent.Application.Common.Paging;
using Paylent.Application.Tenancy;
using Paylent.Application.Tests.Support;
using Paylent.Domain.Audit;
using Paylent.Domain.Common;

namespace Paylent.Application.Tests.Audit;

public sealed class ListAuditEventsTests
{
    private static async Task<(ApplicationHarness App, CreatedAccount Account)> WithAccount()
    {
        var app = await ApplicationHarness.StartAsync();
        return (app, await app.Send(new CreateAccount("acme", "Acme", "owner@acme.example", "correct horse battery", ApplicationHarness.ManagementSecret)));
    }

    private static (Guid, Guid) In(CreatedAccount account, string environment) =>
        (account.AccountId, account.Environments.Single(e => e.Slug == environment).Id);

    [Fact]
    public async Task An_environment_sees_only_its_own_audit_events()
    {
        var (app, account) = await WithAccount();
        await using var _ = app;

        var test = await app.Send(new ListAuditEvents(), In(account, "test"));
        var production = await app.Send(new ListAuditEvents(), In(account, "production"));

        var testId = account.Environments.Single(e => e.Slug == "test").Id.ToString();
        var productionId = account.Environments.Single(e => e.Slug == "production").Id.ToString();
        Assert.Equal(
            ["environment.created", "oauth_client.created", "role.created", "role.created", "role.created", "signing_key.created", "signing_key.created"],
            test.Items.Select(e => e.Action).Order());
        Assert.Equal(testId, Assert.Single(test.Items.Single(e => e.Action == "environment.created").Targets).Id);
        Assert.Equal(productionId, Assert.Single(production.Items.Single(e => e.Action == "environment.created").Targets).Id);
        Assert.Empty(test.Items.SelectMany(e => e.Targets).Select(t => t.Id).Intersect(production.Items.SelectMany(e => e.Targets).Select(t => t.Id)));
    }

    [Fact]
    public async Task Outside_any_environment_no_environment_data_is_visible()
    {
        var (app, _) = await WithAccount();
        await using var __ = app;

        var page = await app.Send(new ListAuditEvents());

        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task Filters_narrow_by_action_actor_target_and_time()
    {
        var (app, account) = await WithAccount();
        await using var _ = app;
        var test = In(account, "test");
        var environmentId = test.Item2.ToString();

        Assert.Single((await app.Send(new ListAuditEvents(Action: "environment.created"), test)).Items);
        Assert.Empty((await app.Send(new ListAuditEvents(Action: "admin.signed_in"), test)).Items);
        Assert.Single((await app.Send(new ListAuditEvents(TargetId: environmentId), test)).Items);
        Assert.Empty((await app.Send(new ListAuditEvents(TargetId: Guid.NewGuid().ToString()), test)).Items);
        Assert.Empty((await app.Send(new ListAuditEvents(ActorId: Guid.NewGuid().ToString()), test)).Items);
        Assert.Equal(7, (await app.Send(new ListAuditEvents(Since: DateTime.UtcNow.AddMinutes(-5)), test)).Items.Count); // the environment, its management client, its RS256 and ES256 keys, its three organization roles
        Assert.Empty((await app.Send(new ListAuditEvents(Since: DateTime.UtcNow.AddMinutes(5)), test)).Items);
        Assert.Empty((await app.Send(new ListAuditEvents(Until: DateTime.UtcNow.AddMinutes(-5)), test)).Items);
    }

    [Fact]
    public async Task Pages_are_newest_first_and_say_whether_more_follow()
    {
        var (app, account) = await WithAccount();
        await using var _ = app;
        var (accountId, environmentId) = In(account, "test");
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await app.Read(db =>
        {
            for (var i = 1; i <= 5; i++)
            {
                db.AuditEvents.Add(AuditEvent.Record(accountId, environmentId, $"test.event_{i}", AuditActor.System, [],
                    new Dictionary<string, AuditChange>(), new Dictionary<string, string>(), start.AddMinutes(i)));
            }

            return db.SaveChangesAsync();
        });

        var first = await app.Send(new ListAuditEvents(Action: null, Until: start.AddHours(1), Page: new PageRequest(1, 2)), (accountId, environmentId));
        var last = await app.Send(new ListAuditEvents(Until: start.AddHours(1), Page: new PageRequest(3, 2)), (accountId, environmentId));

        Assert.Equal(["test.event_5", "test.event_4"], first.Items.Select(e => e.Action));
        Assert.True(first.HasNext);
        Assert.False(first.HasPrevious);
        Assert.Equal(["test.event_1"], last.Items.Select(e => e.Action));
        Assert.False(last.HasNext);
        Assert.True(last.HasPrevious);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 0)]
    [InlineData(1, 101)]
    public async Task Out_of_range_pages_are_validation_errors(int number, int size)
    {
        var (app, account) = await WithAccount();
        await using var _ = app;

        await Assert.ThrowsAsync<RequestValidationException>(() =>
            app.Send(new ListAuditEvents(Page: new PageRequest(number, size)), In(account, "test")));
    }

    [Fact]
    public async Task Until_before_since_is_a_validation_error()
    {
        var (app, account) = await WithAccount();
        await using var _ = app;

        await Assert.ThrowsAsync<RequestValidationException>(() =>
            app.Send(new ListAuditEvents(Since: DateTime.UtcNow, Until: DateTime.UtcNow.AddDays(-1)), In(account, "test")));
    }
}

using Microsoft.EntityFrameworkCore;
using Paylent.Application.Tests.Support;
using Paylent.Domain.Identity;

namespace Paylent.Application.Tests.Common;

public sealed class TimedRuleTests
{
    [Fact]
    public async Task A_rule_in_a_query_sends_its_instant_as_a_parameter_so_one_cached_plan_serves_every_instant()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var now = new DateTime(2031, 1, 2, 3, 4, 5, DateTimeKind.Utc);

        var sql = await app.Read(db => Task.FromResult(db.Sessions.IgnoreQueryFilters().Where(Session.Live.At(now)).ToQueryString()));

        // SQLite's query string declares parameters first (".param set @name value"), then the statement.
        var statement = sql[sql.IndexOf("SELECT", StringComparison.Ordinal)..];
        Assert.DoesNotContain("2031", statement, StringComparison.Ordinal);
        Assert.Contains("2031", sql, StringComparison.Ordinal);
        Assert.Contains("revoked_at", statement, StringComparison.Ordinal);
    }
}

using System.Linq.Expressions;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.Identity;

namespace Paylent.Application.Tests.Common;

public sealed class SpliceTests
{
    private static readonly DateTime Now = new(2031, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void A_rule_invoked_in_a_query_becomes_its_body_with_the_arguments_in_place_of_its_parameters()
    {
        var expanded = Splice.Expand<Func<Session, DateTime, bool>>((session, now) => Session.Live.Rule.Invoke(session, now));

        Assert.DoesNotContain(nameof(Splice.Invoke), expanded.ToString(), StringComparison.Ordinal);
        Assert.Contains("RevokedAt", expanded.ToString(), StringComparison.Ordinal);
        var live = expanded.Compile();
        var session = Session.Start(Guid.CreateVersion7(), Guid.CreateVersion7(), "hash", SessionPolicy.Default, new SessionClient(null, null), ["pwd"], Now);
        Assert.True(live(session, Now));
        Assert.False(live(session, Now + SessionPolicy.Default.AbsoluteLifetime));
        session.Revoke(Now);
        Assert.False(live(session, Now));
    }

    [Fact]
    public void A_captured_selector_is_spliced_in_where_its_argument_is_an_expression_of_the_outer_query()
    {
        Expression<Func<string, int>> length = s => s.Length;

        var expanded = Splice.Expand<Func<string[], int>>(words => words.Sum(w => length.Invoke(w + "!")));

        Assert.DoesNotContain(nameof(Splice.Invoke), expanded.ToString(), StringComparison.Ordinal);
        Assert.Equal(6, expanded.Compile()(["ab", "cd"]));
    }

    [Fact]
    public void Invoke_outside_an_expanded_query_refuses_to_run()
    {
        Expression<Func<string, int>> length = s => s.Length;

        Assert.Throws<InvalidOperationException>(() => length.Invoke("a"));
    }
}

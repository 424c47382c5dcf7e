using System.Linq.Expressions;

namespace Paylent.Domain.Common;

/// <summary>
/// A rule about an entity at an instant (is this session live now?), written once: as an expression a
/// database query translates (<c>sessions.Where(Session.Live.At(now))</c>), and compiled once for an
/// entity in memory (<see cref="IsSatisfiedBy"/>). So the query and the in-memory check cannot drift apart.
/// </summary>
public sealed class TimedRule<T>
{
    private readonly Expression<Func<T, DateTime, bool>> _rule;
    private readonly Func<T, DateTime, bool> _compiled;

    public TimedRule(Expression<Func<T, DateTime, bool>> rule)
    {
        _rule = rule;
        _compiled = rule.Compile();
    }

    public bool IsSatisfiedBy(T entity, DateTime now) => _compiled(entity, now);

    /// <summary>The rule with the instant as its second parameter, for a query compiled once and run at any instant.</summary>
    public Expression<Func<T, DateTime, bool>> Rule => _rule;

    /// <summary>
    /// The rule at <paramref name="now"/>, for a query. The instant is read from a captured object, as a
    /// closure's variable is, so the query sends it as a parameter: one cached plan for every instant.
    /// </summary>
    public Expression<Func<T, bool>> At(DateTime now)
    {
        var instant = Expression.Property(Expression.Constant(new Instant(now)), nameof(Instant.Value));
        return Expression.Lambda<Func<T, bool>>(new ParameterSubstitution(_rule.Parameters[1], instant).Visit(_rule.Body), _rule.Parameters[0]);
    }

    private sealed record Instant(DateTime Value);
}

using System.Linq.Expressions;

namespace Paylent.Application.Common.Persistence;

/// <summary>
/// Expressions written once and used inside other queries: a query written as a C# lambda calls
/// <c>rule.Invoke(entity, now)</c> where it needs the rule, and <see cref="Expand{TDelegate}"/> puts the
/// rule's body there, its parameters replaced by the arguments. Done once, before a query is compiled
/// (EF cannot translate a call to an expression it holds).
/// </summary>
public static class Splice
{
    public static TResult Invoke<T, TResult>(this Expression<Func<T, TResult>> expression, T argument) =>
        throw new InvalidOperationException("Only the query that Splice.Expand rewrites calls this.");

    public static TResult Invoke<T1, T2, TResult>(this Expression<Func<T1, T2, TResult>> expression, T1 first, T2 second) =>
        throw new InvalidOperationException("Only the query that Splice.Expand rewrites calls this.");

    /// <summary>The query with every <c>Invoke</c> of a held expression replaced by that expression's body.</summary>
    public static Expression<TDelegate> Expand<TDelegate>(Expression<TDelegate> query) => (Expression<TDelegate>)new Expander().Visit(query);

    private sealed class Expander : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(Splice) || node.Method.Name != nameof(Invoke))
            {
                return base.VisitMethodCall(node);
            }

            // The held expression is a captured variable or a static member: read it once, here.
            var held = (LambdaExpression)Expression.Lambda<Func<object>>(node.Arguments[0]).Compile()();
            var body = held.Body;
            for (var i = 0; i < held.Parameters.Count; i++)
            {
                body = new Substitution(held.Parameters[i], Visit(node.Arguments[i + 1])).Visit(body);
            }

            return Visit(body);
        }
    }

    private sealed class Substitution(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

using System.Linq.Expressions;

namespace Paylent.Domain.Common;

/// <summary>An expression with one of its parameters replaced by another expression: how a rule is applied to given arguments.</summary>
internal sealed class ParameterSubstitution(ParameterExpression from, Expression to) : ExpressionVisitor
{
    protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
}

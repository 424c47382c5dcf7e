using System.Collections.Concurrent;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Paylent.Application.Common.Persistence;

/// <summary>
/// A single-result query of a hot path, compiled once (<c>EF.CompileAsyncQuery</c>): a LINQ query's
/// expression tree is built, hashed against EF's query cache and searched for parameters on every call,
/// which is about 2 % of a token request's CPU (docs/performance.md). Declared in a static field; its
/// <see cref="Splice"/> calls are expanded once. A compiled query serves one model, and a process may hold
/// two (the tests run SQLite and PostgreSQL side by side), so it is kept per model.
/// </summary>
/// <param name="query">Over the data ports, cast from the context (each module's port is a view of the one unit of work).</param>
public sealed class CompiledQuery<TParam1, TParam2, TResult>(Expression<Func<DbContext, TParam1, TParam2, CancellationToken, TResult>> query)
{
    private readonly Expression<Func<DbContext, TParam1, TParam2, CancellationToken, TResult>> _query = Splice.Expand(query);
    private readonly ConcurrentDictionary<IModel, Func<DbContext, TParam1, TParam2, CancellationToken, Task<TResult>>> _byModel = new();

    /// <param name="dataPort">The calling module's data port, on the request's unit of work.</param>
    public Task<TResult> SingleAsync(object dataPort, TParam1 first, TParam2 second, CancellationToken cancellationToken)
    {
        var context = ContextOf(dataPort);
        var compiled = _byModel.GetOrAdd(context.Model, static (_, expanded) => EF.CompileAsyncQuery(expanded), _query);
        return compiled(context, first, second, cancellationToken);
    }

    internal static DbContext ContextOf(object dataPort) =>
        dataPort as DbContext ?? throw new InvalidOperationException($"{dataPort.GetType().Name} is not an EF Core context.");
}

/// <summary>As <see cref="CompiledQuery{TParam1, TParam2, TResult}"/>, over three parameters.</summary>
public sealed class CompiledQuery<TParam1, TParam2, TParam3, TResult>(
    Expression<Func<DbContext, TParam1, TParam2, TParam3, CancellationToken, TResult>> query)
{
    private readonly Expression<Func<DbContext, TParam1, TParam2, TParam3, CancellationToken, TResult>> _query = Splice.Expand(query);
    private readonly ConcurrentDictionary<IModel, Func<DbContext, TParam1, TParam2, TParam3, CancellationToken, Task<TResult>>> _byModel = new();

    /// <param name="dataPort">The calling module's data port, on the request's unit of work.</param>
    public Task<TResult> SingleAsync(object dataPort, TParam1 first, TParam2 second, TParam3 third, CancellationToken cancellationToken)
    {
        var context = CompiledQuery<TParam1, TParam2, TResult>.ContextOf(dataPort);
        var compiled = _byModel.GetOrAdd(context.Model, static (_, expanded) => EF.CompileAsyncQuery(expanded), _query);
        return compiled(context, first, second, third, cancellationToken);
    }
}

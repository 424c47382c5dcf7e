using MediatR;

namespace Paylent.Application.Common.Messaging;

// Paylent's own request vocabulary over MediatR, so a MediatR upgrade touches this folder only.

/// <summary>A request that changes state: it runs inside a unit of work and is audited.</summary>
public interface ICommand<out TResult> : IRequest<TResult>, IStateChange;

/// <summary>A request that only reads.</summary>
public interface IQuery<out TResult> : IRequest<TResult>;

/// <summary>Marks every <see cref="ICommand{TResult}"/>, whatever its result type.</summary>
public interface IStateChange;

/// <summary>
/// A command whose lost race is worth re-running on fresh data rather than answering 409: its
/// changes are counters (failed sign-ins) that concurrent requests must all add to.
/// </summary>
public interface IRetryOnConflict;

public interface ICommandHandler<in TCommand, TResult> : IRequestHandler<TCommand, TResult>
    where TCommand : ICommand<TResult>;

public interface IQueryHandler<in TQuery, TResult> : IRequestHandler<TQuery, TResult>
    where TQuery : IQuery<TResult>;

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
/// A command whose lost race is re-run on fresh data (a few times) rather than answered 409: run again,
/// it answers as it would have a moment later. Concurrent counters (failed sign-ins) all add up, a double
/// submit answers twice alike, changes of different attributes both land, a create finds the unique value
/// taken and answers its own error (<c>slug_taken</c>). Not for a command whose answer cannot be given
/// twice: a new secret or key. What it does outside the save waits for the commit
/// (<see cref="Persistence.AfterCommit"/>), so a lost attempt leaves none of it behind.
/// </summary>
public interface IRetryOnConflict
{
    /// <summary>Attempts in all for most commands: a double submit, or two changes of one aggregate, settle in two.</summary>
    const int DefaultAttempts = 3;

    /// <summary>
    /// Attempts in all before the conflict is answered (409). An attempt is lost only to another request's
    /// commit made since it read, and each request commits once: N requests racing for the same rows all
    /// succeed within N attempts. A command that many requests may run at once on the same rows asks for more.
    /// </summary>
    int ConflictAttempts => DefaultAttempts;
}

public interface ICommandHandler<in TCommand, TResult> : IRequestHandler<TCommand, TResult>
    where TCommand : ICommand<TResult>;

public interface IQueryHandler<in TQuery, TResult> : IRequestHandler<TQuery, TResult>
    where TQuery : IQuery<TResult>;

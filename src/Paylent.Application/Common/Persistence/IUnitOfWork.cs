namespace Paylent.Application.Common.Persistence;

/// <summary>Runs work and saves its changes (and their audit events) atomically at the end.</summary>
public interface IUnitOfWork
{
    Task<TResult> ExecuteAsync<TResult>(Func<Task<TResult>> work, CancellationToken cancellationToken);
}

namespace Paylent.Application.Common.Persistence;

/// <summary>
/// What a command does only once its changes have committed: counting what it issued, touching a
/// session's last-seen time. An attempt that fails, or loses a race and runs again
/// (<see cref="Messaging.IRetryOnConflict"/>), does none of it, so a refused request is never counted
/// and a request run three times is counted once. Run by <see cref="Behaviors.UnitOfWorkBehavior{TRequest, TResponse}"/>.
/// </summary>
public sealed class AfterCommit
{
    private readonly List<Func<CancellationToken, Task>> _work = [];

    public void Do(Action work) =>
        _work.Add(_ =>
        {
            work();
            return Task.CompletedTask;
        });

    public void Do(Func<CancellationToken, Task> work) => _work.Add(work);

    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var work in _work)
        {
            await work(cancellationToken);
        }
    }

    internal void Discard() => _work.Clear();
}

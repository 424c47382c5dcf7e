using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Metrics;
using Paylent.Application.Common.Persistence;

namespace Paylent.Infrastructure.Common;

/// <summary>
/// Hands a command to Hangfire (<see cref="BackgroundCommandJob{TCommand, TResult}"/>) with the environment the current
/// scope is in. The job is stored before the request is answered: on PostgreSQL it survives a crash
/// and runs on whichever instance fetches it; on SQLite the storage is in memory, so a crash loses it
/// (what it carries, such as a forgot-password email, the user asks for again).
/// </summary>
internal sealed class BackgroundCommands(IBackgroundJobClient jobs, EnvironmentContext environment) : IBackgroundCommands
{
    public void Enqueue<TResult>(ICommand<TResult> command)
    {
        // The job's type names the command's own type, so Hangfire stores and restores the command as
        // that type (its serializer reads arguments as the method's parameter types).
        var type = typeof(BackgroundCommandJob<,>).MakeGenericType(command.GetType(), typeof(TResult));
        var run = type.GetMethod(nameof(BackgroundCommandJob<,>.RunAsync))!;
        jobs.Create(new Job(type, run, command, environment.AccountId, environment.EnvironmentId, CancellationToken.None), new EnqueuedState());
    }
}

/// <summary>
/// Runs one handed-over command in the job's own scope, entered into the environment of the request
/// that queued it, through the full pipeline (validation, unit of work, audit). A failure is retried
/// three times, then the job is deleted: its arguments carry addresses, which a failed job would keep.
/// </summary>
public sealed class BackgroundCommandJob<TCommand, TResult>(EnvironmentContext environment, IDispatcher dispatcher, PaylentMetrics metrics)
    where TCommand : ICommand<TResult>
{
    [AutomaticRetry(Attempts = 3, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(TCommand command, Guid? accountId, Guid? environmentId, CancellationToken cancellationToken)
    {
        if (accountId is { } account)
        {
            if (environmentId is { } entered)
            {
                environment.Enter(account, entered);
            }
            else
            {
                environment.EnterAccount(account);
            }
        }

        await metrics.MeasureJobAsync(typeof(TCommand).Name, () => dispatcher.Send<TResult>(command, cancellationToken));
    }
}

using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;

namespace Paylent.Infrastructure.Common;

/// <summary>
/// Runs the commands requests hand over (<see cref="IBackgroundCommands"/>) one at a time, each in a
/// new scope entered into the environment of the request that queued it. The queue is in memory and
/// bounded: a command still queued when the process dies is lost, which suits what it carries (a
/// forgot-password email the user asks for again); a full queue drops new commands rather than
/// slowing the requests that queue them. On shutdown the queued commands still run.
/// </summary>
public sealed partial class BackgroundCommandQueue(IServiceScopeFactory scopes, ILogger<BackgroundCommandQueue> logger) : BackgroundService
{
    public const int Capacity = 10_000;

    private readonly Channel<QueuedCommand> _queue = Channel.CreateBounded<QueuedCommand>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private int _pending;

    internal void Add(QueuedCommand command)
    {
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(command))
        {
            Interlocked.Decrement(ref _pending);
            LogDropped(command.Name);
        }
    }

    /// <summary>Completes once every command queued so far has run (at shutdown, and for tests that read what a command wrote).</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        while (Volatile.Read(ref _pending) > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var command in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await RunAsync(command, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what was queued before still runs, without the stopping token.
            while (_queue.Reader.TryRead(out var command))
            {
                await RunAsync(command, CancellationToken.None);
            }
        }
    }

    private async Task RunAsync(QueuedCommand command, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (command.AccountId is { } accountId)
            {
                var environment = scope.ServiceProvider.GetRequiredService<EnvironmentContext>();
                if (command.EnvironmentId is { } environmentId)
                {
                    environment.Enter(accountId, environmentId);
                }
                else
                {
                    environment.EnterAccount(accountId);
                }
            }

            await command.Send(scope.ServiceProvider.GetRequiredService<IDispatcher>(), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Commands carry addresses and links: the log names the command's type only.
            LogFailed(command.Name, e.GetType().Name);
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Background command {Command} failed: {ErrorType}")]
    private partial void LogFailed(string command, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background command {Command} dropped: the queue is full")]
    private partial void LogDropped(string command);
}

internal sealed record QueuedCommand(string Name, Guid? AccountId, Guid? EnvironmentId, Func<IDispatcher, CancellationToken, Task> Send);

/// <summary>Queues a command with the environment the current scope is in.</summary>
internal sealed class BackgroundCommands(BackgroundCommandQueue queue, EnvironmentContext environment) : IBackgroundCommands
{
    public void Enqueue<TResult>(ICommand<TResult> command) =>
        queue.Add(new QueuedCommand(command.GetType().Name, environment.AccountId, environment.EnvironmentId, (dispatcher, ct) => dispatcher.Send(command, ct)));
}

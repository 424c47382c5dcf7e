using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Paylent.Application.Common.Events;

/// <summary>
/// A fact one module tells the others (<c>UserDeleted</c>, <c>EnvironmentCreated</c>): a contract type
/// in the publishing module's <c>Contracts</c> namespace. Unlike an aggregate's domain events, which name
/// audit actions, these carry what another module needs to react.
/// </summary>
public interface IModuleEvent;

/// <summary>
/// A module's reaction to another module's event (provisioning, clean-up). It runs inside the command
/// that raised the event, before that command's one save, so its changes commit or roll back with it.
/// </summary>
public interface IModuleEventHandler<in TEvent>
    where TEvent : IModuleEvent
{
    Task HandleAsync(TEvent moduleEvent, CancellationToken cancellationToken);
}

/// <summary>Where a handler raises module events; they are dispatched when its command's work is done.</summary>
public interface IModuleEvents
{
    void Raise(IModuleEvent moduleEvent);
}

/// <summary>
/// Holds the current command's module events and hands each to every handler of its type, at the end
/// of the command and before its save (<see cref="Behaviors.UnitOfWorkBehavior{TRequest,TResponse}"/>).
/// Events raised by those handlers are dispatched too, in further rounds, up to <see cref="MaxRounds"/>:
/// more would be handlers raising each other's events without end.
/// </summary>
internal sealed class ModuleEventDispatcher(IServiceProvider services) : IModuleEvents
{
    public const int MaxRounds = 5;

    private static readonly ConcurrentDictionary<Type, Func<IServiceProvider, IModuleEvent, CancellationToken, Task>> Routes = new();

    private List<IModuleEvent> _pending = [];

    public void Raise(IModuleEvent moduleEvent) => _pending.Add(moduleEvent);

    public async Task DispatchAsync(CancellationToken cancellationToken)
    {
        for (var round = 1; _pending.Count > 0; round++)
        {
            if (round > MaxRounds)
            {
                throw new InvalidOperationException(
                    $"Module events were still being raised after {MaxRounds} rounds ({string.Join(", ", _pending.Select(e => e.GetType().Name))}): a cycle of handlers.");
            }

            var batch = _pending;
            _pending = [];
            foreach (var moduleEvent in batch)
            {
                await Routes.GetOrAdd(moduleEvent.GetType(), Route)(services, moduleEvent, cancellationToken);
            }
        }
    }

    /// <summary>Forgets the events of work that failed: a retried command raises its own again.</summary>
    public void Discard() => _pending.Clear();

    private static Func<IServiceProvider, IModuleEvent, CancellationToken, Task> Route(Type eventType) =>
        typeof(ModuleEventDispatcher).GetMethod(nameof(HandleAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(eventType)
            .CreateDelegate<Func<IServiceProvider, IModuleEvent, CancellationToken, Task>>();

    private static async Task HandleAsync<TEvent>(IServiceProvider services, IModuleEvent moduleEvent, CancellationToken cancellationToken)
        where TEvent : IModuleEvent
    {
        foreach (var handler in services.GetServices<IModuleEventHandler<TEvent>>())
        {
            await handler.HandleAsync((TEvent)moduleEvent, cancellationToken);
        }
    }
}

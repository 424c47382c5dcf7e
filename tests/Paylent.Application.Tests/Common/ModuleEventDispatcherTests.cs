using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Common.Events;

namespace Paylent.Application.Tests.Common;

public sealed class ModuleEventDispatcherTests
{
    private sealed record Pinged(int Hops) : IModuleEvent;

    private sealed record Ponged(int Hops) : IModuleEvent;

    private sealed class Log
    {
        public List<string> Handled { get; } = [];
    }

    /// <summary>Answers each ping with a pong until <see cref="Limit"/> hops; each pong with a ping.</summary>
    private sealed class Bouncer(IModuleEvents events, Log log, int limit) : IModuleEventHandler<Pinged>, IModuleEventHandler<Ponged>
    {
        public Task HandleAsync(Pinged moduleEvent, CancellationToken cancellationToken) => Bounce($"ping {moduleEvent.Hops}", moduleEvent.Hops, hops => new Ponged(hops));

        public Task HandleAsync(Ponged moduleEvent, CancellationToken cancellationToken) => Bounce($"pong {moduleEvent.Hops}", moduleEvent.Hops, hops => new Pinged(hops));

        private Task Bounce(string name, int hops, Func<int, IModuleEvent> next)
        {
            log.Handled.Add(name);
            if (hops < limit)
            {
                events.Raise(next(hops + 1));
            }

            return Task.CompletedTask;
        }
    }

    private static (ModuleEventDispatcher Dispatcher, Log Log) Build(int limit)
    {
        var services = new ServiceCollection();
        services.AddSingleton<Log>();
        services.AddScoped<ModuleEventDispatcher>();
        services.AddScoped<IModuleEvents>(sp => sp.GetRequiredService<ModuleEventDispatcher>());
        services.AddScoped(sp => new Bouncer(sp.GetRequiredService<IModuleEvents>(), sp.GetRequiredService<Log>(), limit));
        services.AddScoped<IModuleEventHandler<Pinged>>(sp => sp.GetRequiredService<Bouncer>());
        services.AddScoped<IModuleEventHandler<Ponged>>(sp => sp.GetRequiredService<Bouncer>());
        var scope = services.BuildServiceProvider().CreateScope();
        return (scope.ServiceProvider.GetRequiredService<ModuleEventDispatcher>(), scope.ServiceProvider.GetRequiredService<Log>());
    }

    [Fact]
    public async Task Events_raised_by_event_handlers_are_dispatched_too_before_the_save()
    {
        var (dispatcher, log) = Build(limit: 3);
        dispatcher.Raise(new Pinged(1));

        await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(["ping 1", "pong 2", "ping 3"], log.Handled);
    }

    [Fact]
    public async Task Handlers_raising_each_others_events_without_end_are_stopped_after_a_bounded_number_of_rounds()
    {
        var (dispatcher, log) = Build(limit: int.MaxValue);
        dispatcher.Raise(new Pinged(1));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => dispatcher.DispatchAsync(CancellationToken.None));

        Assert.Equal(ModuleEventDispatcher.MaxRounds, log.Handled.Count);
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_of_work_that_failed_are_discarded_not_dispatched_with_the_next_attempt()
    {
        var (dispatcher, log) = Build(limit: 1);
        dispatcher.Raise(new Pinged(1));

        dispatcher.Discard();
        await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Empty(log.Handled);
    }
}

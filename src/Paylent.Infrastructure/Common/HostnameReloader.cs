using System.Threading.Channels;
using Microsoft.Extensions.Hosting;

namespace Paylent.Infrastructure.Common;

/// <summary>
/// Keeps an in-memory map keyed by hostname current on every instance: everything at start, one hostname
/// whenever a <see cref="ChangeSignal"/> notice on <paramref name="channel"/> names it (from any instance),
/// and everything again on a notice without a hostname (the listener reconnected, so notices may have been
/// lost) and every <paramref name="reloadEvery"/> as a safety net. One loop does all of it, so a full
/// reload and a single hostname's never race; notices that arrive during a reload are taken together.
/// </summary>
public abstract class HostnameReloader(ChangeSignal signal, string channel, Func<TimeSpan> reloadEvery, TimeProvider clock) : BackgroundService
{
    // A notice to reload everything: no hostname is empty.
    private const string Everything = "";

    private readonly Channel<string> _pending = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private IDisposable? _subscription;

    protected TimeProvider Clock { get; } = clock;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = signal.Subscribe(channel, notice =>
        {
            if (notice.Payload is { } hostname)
            {
                Noticed(hostname);
            }

            _pending.Writer.TryWrite(notice.Payload ?? Everything);
        });
        await ReloadAllAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
    }

    /// <summary>Reloads everything; a failure must leave what is held unchanged (and be logged), never throw.</summary>
    protected abstract Task ReloadAllAsync(CancellationToken cancellationToken);

    /// <summary>Reloads one hostname; a failure must leave what is held unchanged (and be logged), never throw.</summary>
    protected abstract Task ReloadAsync(string hostname, CancellationToken cancellationToken);

    /// <summary>Called as a notice arrives, before its reload is scheduled: where what is held must stop being trusted at once.</summary>
    protected virtual void Noticed(string hostname)
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(reloadEvery(), Clock);
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        var notice = _pending.Reader.WaitToReadAsync(stoppingToken).AsTask();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await Task.WhenAny(tick, notice) == tick)
                {
                    await tick;
                    await ReloadAllAsync(stoppingToken);
                    tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                    continue;
                }

                await notice;
                var hostnames = new HashSet<string>(StringComparer.Ordinal);
                while (_pending.Reader.TryRead(out var hostname))
                {
                    hostnames.Add(hostname);
                }

                if (hostnames.Contains(Everything))
                {
                    await ReloadAllAsync(stoppingToken);
                }
                else
                {
                    foreach (var hostname in hostnames)
                    {
                        await ReloadAsync(hostname, stoppingToken);
                    }
                }

                notice = _pending.Reader.WaitToReadAsync(stoppingToken).AsTask();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}

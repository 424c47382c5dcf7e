using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paylent.Application.Domains.Contracts;
using Paylent.Domain.Domains;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Domains.Tls;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Domains;

/// <summary>
/// Which custom host names serve which environment, in memory on every instance, for host routing: every
/// active domain (<see cref="IActiveDomains"/>, the Domains module's contract) at start, one host name as
/// soon as <see cref="CustomDomainChanges"/> announces it from any instance (dropped at once, then read
/// again), and everything every <see cref="TlsOptions.ReloadSeconds"/> in case a notice was lost. A
/// request for a name that is not here is unknown without a database round trip, so random Host headers
/// cost a dictionary look-up and nothing more.
/// </summary>
public sealed partial class CustomDomainHosts(
    ChangeSignal signal, IServiceScopeFactory scopes, IOptions<TlsOptions> options, TimeProvider clock, ILogger<CustomDomainHosts> logger)
    : HostnameReloader(signal, CustomDomainChanges.Channel, () => TimeSpan.FromSeconds(options.Value.ReloadSeconds), clock)
{
    private volatile ConcurrentDictionary<string, Guid> _hosts = new(StringComparer.Ordinal);

    /// <summary>The environment <paramref name="hostname"/> (as a client sent it: Host, SNI) serves, if it is an active custom domain.</summary>
    public Guid? EnvironmentOf(string hostname) =>
        Hostnames.Lookup(hostname) is { } name && _hosts.TryGetValue(name, out var environmentId) ? environmentId : null;

    protected override void Noticed(string hostname) => _hosts.TryRemove(hostname, out _);

    protected override async Task ReloadAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var active = await scope.ServiceProvider.GetRequiredService<IActiveDomains>().ListAsync(cancellationToken);

            // A notice heard while this list was read may be undone by the swap; its own reload is queued
            // behind this one on the same loop, so the name is right again milliseconds later.
            _hosts = new ConcurrentDictionary<string, Guid>(active.Select(d => KeyValuePair.Create(d.Hostname, d.EnvironmentId)), StringComparer.Ordinal);
            LogReloaded(logger, active.Count);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // What is routed stays as it was; the next notice or reload tries again.
            LogReloadFailed(logger, exception);
        }
    }

    protected override async Task ReloadAsync(string hostname, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<IActiveDomains>().FindAsync(hostname, cancellationToken) is { } active)
            {
                _hosts[active.Hostname] = active.EnvironmentId;
            }
            else
            {
                _hosts.TryRemove(hostname, out _);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The name was dropped when the notice came: until a reload succeeds it is not served.
            LogReloadFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Custom domain routes loaded: {Count} active domains.")]
    private static partial void LogReloaded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Custom domain routes could not be reloaded.")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}

/// <summary>
/// Once a save that adds a custom domain, changes its state or deletes it commits, every instance hears
/// which host name changed: the saves in which the Domains module raises <see cref="DomainStateChanged"/>
/// or <see cref="DomainDeleted"/> (and a new domain, whose name may have been asked for while unknown). Announced after the commit, not when the event is dispatched (before the
/// save): a notice heard earlier would make other instances read the old state again and keep it.
/// </summary>
public sealed class CustomDomainChanges(ChangeSignal signal) : ISaveObserver
{
    public const string Channel = "custom-domains";

    public IReadOnlyList<Action> Collect(SavedChanges changes) =>
        [.. changes.Of<CustomDomain>()
            .Where(e => e.State is EntityState.Added or EntityState.Deleted || (e.State == EntityState.Modified && e.Property(d => d.State).IsModified))
            .Select(e => e.Entity.Hostname).Distinct(StringComparer.Ordinal)
            .Select(hostname => (Action)(() => signal.Publish(Channel, hostname)))];
}

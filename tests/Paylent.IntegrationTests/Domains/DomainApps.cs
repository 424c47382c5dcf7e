using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Domains;

/// <summary>
/// One app per provider whose domain checks ask the test DNS, shared by the tests of the "domain apps"
/// collection. "Verify now" may be asked again at once, and every proven domain is due for its
/// re-check, so a test runs the job without moving a clock.
/// </summary>
public sealed class DomainApps : IAsyncLifetime
{
    public const string Address = "192.0.2.10";
    public const string Address6 = "2001:db8::10";

    private readonly Dictionary<DatabaseProvider, Task<PaylentApp>> _apps = [];
    private readonly Lock _gate = new();

    public static Dictionary<string, string?> Settings(string? nameServer = null) => new()
    {
        ["Paylent:Domains:NameServers:0"] = nameServer ?? TestDns.Server,
        ["Paylent:Domains:Addresses:0"] = Address,
        ["Paylent:Domains:Addresses:1"] = Address6,
        ["Paylent:Domains:MinimumCheckInterval"] = "00:00:00",
        ["Paylent:Domains:RecheckInterval"] = "00:00:00.001",
        ["Paylent:Domains:DnsTimeout"] = "00:00:02",
    };

    public Task<PaylentApp> On(DatabaseProvider provider)
    {
        lock (_gate)
        {
            if (!_apps.TryGetValue(provider, out var app))
            {
                _apps[provider] = app = PaylentApp.StartAsync(provider, Settings());
            }

            return app;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            await (await app).DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DomainAppsCollection : ICollectionFixture<DomainApps>
{
    public const string Name = "domain apps";
}

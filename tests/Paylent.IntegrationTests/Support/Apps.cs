using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Support;

/// <summary>One running app per provider, shared by the tests of the "apps" collection.</summary>
public sealed class Apps : IAsyncLifetime
{
    private readonly Dictionary<DatabaseProvider, Task<PaylentApp>> _apps = [];
    private readonly Lock _gate = new();

    public Task<PaylentApp> On(DatabaseProvider provider)
    {
        lock (_gate)
        {
            if (!_apps.TryGetValue(provider, out var app))
            {
                _apps[provider] = app = PaylentApp.StartAsync(provider);
            }

            return app;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            var started = await app;
            await started.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AppsCollection : ICollectionFixture<Apps>
{
    public const string Name = "apps";
}

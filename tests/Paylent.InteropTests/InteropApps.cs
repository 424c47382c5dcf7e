using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.InteropTests;

/// <summary>
/// One Paylent per provider listening on a real loopback port, shared by the tests of the "interop"
/// collection; each test makes its own clients and users, so they do not see each other.
/// </summary>
public sealed class InteropApps : IAsyncLifetime
{
    private readonly Dictionary<DatabaseProvider, Task<PaylentApp>> _apps = [];
    private readonly Lock _gate = new();

    public Task<PaylentApp> On(DatabaseProvider provider)
    {
        lock (_gate)
        {
            if (!_apps.TryGetValue(provider, out var app))
            {
                _apps[provider] = app = PaylentApp.StartListeningAsync(provider);
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
public sealed class InteropCollection : ICollectionFixture<InteropApps>
{
    public const string Name = "interop";
}

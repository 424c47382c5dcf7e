using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.Persistence;

namespace Paylent.IntegrationTests.Support;

/// <summary>
/// The real web host in memory, on a fresh database of the given provider, bootstrapped with a
/// known admin password. Clients reach hosts by name (<c>demo-test.localhost</c>, <c>localhost</c>).
/// </summary>
public sealed class PaylentApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@demo.localhost";
    public const string AdminPassword = "integration admin password";

    private readonly Dictionary<string, string?> _settings;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"paylent-it-{Guid.NewGuid():N}");

    private PaylentApp(TestDatabase database, IDictionary<string, string?> settings)
    {
        Database = database;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Paylent"] = database.ConnectionString,
            ["Paylent:DataDirectory"] = _dataDirectory,
            ["Paylent:Bootstrap:AdminPassword"] = AdminPassword,
            ["Paylent:PasswordHashing:MemoryKiB"] = "1024",
            ["Paylent:PasswordHashing:Iterations"] = "1",
            ["Paylent:RateLimits:DashboardSignInPerMinute"] = "10000",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public TestDatabase Database { get; }

    public static async Task<PaylentApp> StartAsync(DatabaseProvider provider, IDictionary<string, string?>? settings = null) =>
        Start(await TestDatabase.CreateAsync(provider), settings);

    /// <summary>A second start on the same database: a restart.</summary>
    public static PaylentApp Start(TestDatabase database, IDictionary<string, string?>? settings = null)
    {
        var app = new PaylentApp(database, settings ?? new Dictionary<string, string?>());
        _ = app.Server; // start now: migrate and bootstrap
        return app;
    }

    public HttpClient Client(string host = "demo-test.localhost", bool followRedirects = false) =>
        CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri($"http://{host}/"),
            AllowAutoRedirect = followRedirects,
            HandleCookies = true,
        });

    public HttpClient Dashboard(bool followRedirects = false) => Client("localhost", followRedirects);

    public async Task<T> WithServices<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}

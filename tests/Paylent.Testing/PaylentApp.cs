using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Persistence;
using Paylent.Web.Observability;

namespace Paylent.Testing;

/// <summary>
/// The real web host in memory, on a fresh database of the given provider, bootstrapped with a
/// known admin password. Clients reach hosts by name (<c>demo-test.localhost</c>, <c>localhost</c>).
/// </summary>
public sealed class PaylentApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@demo.localhost";
    public const string AdminPassword = "integration admin password";
    public const string ManagementSecret = "integration-management-secret-0123456789";
    public static readonly string TestKeyEncryptionKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private readonly Dictionary<string, string?> _settings;
    private readonly int? _kestrelPort;
    private TimeProvider? _clock;
    private Action<IServiceCollection>? _testServices;
    private bool _ownsDatabase;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"paylent-it-{Guid.NewGuid():N}");

    private PaylentApp(TestDatabase database, IDictionary<string, string?> settings, int? kestrelPort)
    {
        Database = database;
        _kestrelPort = kestrelPort;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Paylent"] = database.ConnectionString,
            ["Paylent:DataDirectory"] = _dataDirectory,
            ["Paylent:Bootstrap:AdminPassword"] = AdminPassword,
            ["Paylent:PasswordHashing:MemoryKiB"] = "1024",
            ["Paylent:PasswordHashing:Iterations"] = "1",
            ["Paylent:RateLimits:DashboardSignInPerMinute"] = "10000",
            ["Paylent:RateLimits:HostedSignInPerIpPerMinute"] = "10000",
            ["Paylent:RateLimits:HostedSignUpPerIpPerMinute"] = "10000",
            ["Paylent:RateLimits:HostedEmailLinksPerIpPerMinute"] = "10000",
            ["Paylent:RateLimits:AuthorizationPerIpPerMinute"] = "10000",
            ["Paylent:RateLimits:HostLookupsPerIpPerSecond"] = "10000",
            ["Paylent:RateLimits:HostLookupsPerSecond"] = "10000",
            ["Paylent:Bootstrap:ManagementClientSecret"] = ManagementSecret,

            // 2048-bit keys generate in a fraction of the time; one test checks the 4096-bit default.
            ["Paylent:SigningKeys:KeySize"] = "2048",

            // Shared by every instance on one database, as in a real deployment.
            ["Paylent:Keys:EncryptionKey"] = TestKeyEncryptionKey,

            // A free port each, so apps started side by side never fight over the default 9000.
            ["Paylent:Management:Url"] = "http://127.0.0.1:0",
        };
        // A null value removes a test default, so the application's own default applies.
        foreach (var (key, value) in settings)
        {
            if (value is null)
            {
                _settings.Remove(key);
            }
            else
            {
                _settings[key] = value;
            }
        }
    }

    public TestDatabase Database { get; }

    public string DataDirectory => _dataDirectory;

    /// <summary>The emails the app wrote in Pickup mode (the default).</summary>
    public PickupMailbox Mailbox => new(_dataDirectory);

    /// <summary>A new app on a new database, which it drops when disposed.</summary>
    public static async Task<PaylentApp> StartAsync(DatabaseProvider provider, IDictionary<string, string?>? settings = null) =>
        await StartAsync(provider, settings, clock: null);

    /// <summary>A new app whose every use of the time reads <paramref name="clock"/>, for tests that cross expiries without waiting.</summary>
    public static async Task<PaylentApp> StartAsync(DatabaseProvider provider, IDictionary<string, string?>? settings, TimeProvider? clock)
    {
        var app = new PaylentApp(await TestDatabase.CreateAsync(provider), settings ?? new Dictionary<string, string?>(), kestrelPort: null)
        {
            _ownsDatabase = true,
            _clock = clock,
        };
        _ = app.Server; // start now: migrate and bootstrap
        return app;
    }

    /// <summary>A new app with services of the test's own added last (an EF interceptor that watches its commands, say).</summary>
    public static async Task<PaylentApp> StartAsync(DatabaseProvider provider, IDictionary<string, string?>? settings, Action<IServiceCollection> testServices)
    {
        var app = new PaylentApp(await TestDatabase.CreateAsync(provider), settings ?? new Dictionary<string, string?>(), kestrelPort: null)
        {
            _ownsDatabase = true,
            _testServices = testServices,
        };
        _ = app.Server; // start now: migrate and bootstrap
        return app;
    }

    /// <summary>A start on a database the caller owns (a restart, or two instances on one database).</summary>
    public static PaylentApp Start(TestDatabase database, IDictionary<string, string?>? settings = null) => Start(database, settings, clock: null);

    /// <summary>A start on a database the caller owns, whose every use of the time reads <paramref name="clock"/>.</summary>
    public static PaylentApp Start(TestDatabase database, IDictionary<string, string?>? settings, TimeProvider? clock)
    {
        var app = new PaylentApp(database, settings ?? new Dictionary<string, string?>(), kestrelPort: null) { _clock = clock };
        _ = app.Server; // start now: migrate and bootstrap
        return app;
    }

    /// <summary>On a real Kestrel server on loopback, for clients outside the process (a browser).</summary>
    public static async Task<PaylentApp> StartListeningAsync(DatabaseProvider provider, IDictionary<string, string?>? settings = null)
    {
        var app = new PaylentApp(await TestDatabase.CreateAsync(provider), settings ?? new Dictionary<string, string?>(), FreePort()) { _ownsDatabase = true };
        app.UseKestrel(app._kestrelPort!.Value);
        app.StartServer();
        return app;
    }

    /// <summary>The address of a host on the real server; browsers resolve <c>*.localhost</c> to loopback.</summary>
    public Uri Url(string host = "localhost") => new($"http://{host}:{_kestrelPort}/");

    public HttpClient Client(string host = "demo-test.localhost", bool followRedirects = false) =>
        CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri($"http://{host}/"),
            AllowAutoRedirect = followRedirects,
            HandleCookies = true,
        });

    public HttpClient Dashboard(bool followRedirects = false) => Client("localhost", followRedirects);

    /// <summary>A client of the management listener (<c>/metrics</c>, <c>/healthz</c>, <c>/readyz</c>), a real socket even when the app is in memory.</summary>
    public HttpClient Management() => new() { BaseAddress = Services.GetRequiredService<ManagementListener>().Address };

    /// <summary>Completes once the commands requests handed over to run after their answer (background jobs) have run.</summary>
    public Task BackgroundCommandsDoneAsync() => Services.GetRequiredService<JobStorage>().WhenIdleAsync();

    public async Task<T> WithServices<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        if (_kestrelPort is { } port)
        {
            builder.UseSetting("urls", $"http://localhost:{port}");
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_clock is { } clock)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }

        if (_testServices is { } testServices)
        {
            builder.ConfigureTestServices(testServices);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}

using Microsoft.Playwright;

namespace Paylent.BrowserTests;

/// <summary>
/// Headless Debian Chromium driven by Playwright (never a downloaded browser). The flags keep it
/// working as root and off the network, as on the CI machines.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ExecutableVariable = "PAYLENT_TEST_CHROMIUM";

    private IPlaywright? _playwright;

    public IBrowser Instance { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Browser tests need Chromium at {executable} (set {ExecutableVariable}); ./build.sh test installs Debian's.");
        }

        _playwright = await Playwright.CreateAsync();
        Instance = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        await Instance.DisposeAsync();
        _playwright?.Dispose();
    }
}

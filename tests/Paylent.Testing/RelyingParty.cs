using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Paylent.Testing;

/// <summary>
/// The Node relying party in <c>tests/Paylent.InteropTests/rp</c>, built on openid-client (code we did
/// not write): its headless flow script and its sample client app, run as child processes. This
/// project's build runs <c>npm ci</c> there when the lock file changed.
/// </summary>
public static class RelyingParty
{
    public static string Directory { get; } = typeof(RelyingParty).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RelyingPartyDirectory").Value!;

    /// <summary>Runs a script of the folder to its end (killed after the timeout) and returns what it printed.</summary>
    public static async Task<NodeRun> RunAsync(string script, IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null)
    {
        using var process = Start(script, environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish in time; it wrote: {await error}");
        }

        return new NodeRun(process.ExitCode, await output, await error);
    }

    /// <summary>Starts the sample client app (<c>app.mjs</c>) and waits until it listens.</summary>
    public static async Task<SampleClientApp> StartSampleAppAsync(IReadOnlyDictionary<string, string> environment)
    {
        var process = Start("app.mjs", environment);
        var app = new SampleClientApp(process);
        await app.ListeningAsync(TimeSpan.FromSeconds(30));
        return app;
    }

    private static Process Start(string script, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(script);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("node did not start");
    }
}

/// <summary>What a finished script printed.</summary>
public sealed record NodeRun(int ExitCode, string StandardOutput, string StandardError);

/// <summary>The running sample client app; disposing stops it.</summary>
public sealed class SampleClientApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal SampleClientApp(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Received(e.Data);
        _process.ErrorDataReceived += (_, e) => Received(e.Data);
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException($"the sample app exited: {Log}"));
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>What the app printed (its errors name the failed check; never a token).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    internal async Task ListeningAsync(TimeSpan timeout) => Url = await _listening.Task.WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }

        const string Prefix = "listening on ";
        if (line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            _listening.TrySetResult(new Uri(line[Prefix.Length..]));
        }
    }
}

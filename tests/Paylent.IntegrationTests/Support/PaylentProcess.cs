using System.Diagnostics;
using System.Globalization;
using System.Text;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Support;

/// <summary>
/// Paylent.Web run as its own operating-system process on a test database, the way an operator runs an
/// instance, so a test can kill it outright (SIGKILL: no shutdown hook, no disposal, no flush) where an
/// in-process host could only be disposed.
/// </summary>
public sealed class PaylentProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"paylent-process-{Guid.NewGuid():N}");

    private PaylentProcess(TestDatabase database, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(Program).Assembly.Location },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var arguments = new Dictionary<string, string>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Paylent"] = database.ConnectionString,
            ["Paylent:DataDirectory"] = _dataDirectory,
            ["Paylent:Keys:EncryptionKey"] = PaylentApp.TestKeyEncryptionKey,
            ["Paylent:Management:Url"] = "http://127.0.0.1:0",
            ["urls"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in settings)
        {
            arguments[key] = value;
        }

        foreach (var (key, value) in arguments)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, line) => Record(line.Data);
        _process.ErrorDataReceived += (_, line) => Record(line.Data);
        _process.Exited += (_, _) => _started.TrySetException(new InvalidOperationException($"Paylent exited with {_process.ExitCode} before it started:\n{Output}"));
    }

    public int Id => _process.Id;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts an instance on <paramref name="database"/> (already migrated) and waits until it serves.</summary>
    public static async Task<PaylentProcess> StartAsync(TestDatabase database, IReadOnlyDictionary<string, string> settings)
    {
        var instance = new PaylentProcess(database, settings);
        instance._process.Start();
        instance._process.BeginOutputReadLine();
        instance._process.BeginErrorReadLine();
        await instance._started.Task.WaitAsync(StartTimeout);
        return instance;
    }

    /// <summary>kill -9: the process ends at once, wherever it is.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append(CultureInfo.InvariantCulture, $"{line}\n");
        }

        // Microsoft.Hosting.Lifetime's line once every hosted service (the job server among them) started.
        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }
}

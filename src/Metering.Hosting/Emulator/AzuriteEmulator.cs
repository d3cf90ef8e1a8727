using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Metering.Hosting.Emulator;

/// <summary>
/// A running Azurite (the storage emulator from the repository's pinned npm package), in memory, on loopback ports
/// the operating system picks: what <c>metering demo</c> starts when it is given no storage account, and what the
/// tests start for themselves. Disposing it stops the emulator and everything it started; so does the process
/// exiting, so that an emulator never outlives the program that started it.
/// </summary>
/// <remarks>
/// Node is found on the PATH (or <see cref="NodeVariable"/>); Azurite in a <c>node_modules</c> folder found by
/// walking up from the application's folder, then from the current directory (a repository checkout), or in
/// <see cref="AzuriteDirVariable"/>, a folder holding <c>dist/src/azurite.js</c>.
/// </remarks>
public sealed partial class AzuriteEmulator : IAsyncDisposable
{
    /// <summary>Overrides the Azurite package folder (the one holding <c>dist/src/azurite.js</c>).</summary>
    public const string AzuriteDirVariable = "METERING_AZURITE_DIR";

    /// <summary>Overrides the Node executable.</summary>
    public const string NodeVariable = "METERING_NODE";

    /// <summary>The emulator's well-known development account; its key is public, not a secret.</summary>
    public const string DevelopmentAccount = "devstoreaccount1";

    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _workDirectory;
    private readonly EventHandler _onProcessExit;
    private int _disposed;

    private AzuriteEmulator(Process process, string workDirectory, IReadOnlyDictionary<string, int> ports)
    {
        _process = process;
        _workDirectory = workDirectory;
        TablePort = ports["Table"];
        BlobPort = ports["Blob"];
        QueuePort = ports["Queue"];
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccount};AccountKey={DevelopmentKey};" +
            $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{DevelopmentAccount};" +
            $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{DevelopmentAccount};" +
            $"TableEndpoint=http://127.0.0.1:{TablePort}/{DevelopmentAccount};";
        _onProcessExit = (_, _) => Kill();
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    /// <summary>The connection string of the running emulator (blob, queue and table endpoints).</summary>
    public string ConnectionString { get; }

    /// <summary>The port of the Table service.</summary>
    public int TablePort { get; }

    /// <summary>The port of the Blob service.</summary>
    public int BlobPort { get; }

    /// <summary>The port of the Queue service.</summary>
    public int QueuePort { get; }

    /// <summary>
    /// Starts the emulator and returns once its three services answer requests; throws
    /// <see cref="InvalidOperationException"/> when Node or Azurite cannot be found, <see cref="TimeoutException"/>
    /// when the services do not answer within <paramref name="startTimeout"/> (default one minute).
    /// </summary>
    public static Task<AzuriteEmulator> StartAsync(TimeSpan? startTimeout = null, CancellationToken cancellationToken = default) =>
        StartAsync(nodeOptions: null, startTimeout, cancellationToken);

    /// <summary>
    /// Starts the emulator as <see cref="StartAsync(TimeSpan?, CancellationToken)"/> does, with <c>NODE_OPTIONS</c>
    /// set to <paramref name="nodeOptions"/> for its process only (the benchmarks load a module into it this way); an
    /// empty value clears what this process has, null leaves it inherited.
    /// </summary>
    public static async Task<AzuriteEmulator> StartAsync(string? nodeOptions, TimeSpan? startTimeout = null, CancellationToken cancellationToken = default)
    {
        var node = Environment.GetEnvironmentVariable(NodeVariable) is { Length: > 0 } n ? n : "node";
        var script = FindScript();
        var workDirectory = Path.Combine(Path.GetTempPath(), "metering-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workDirectory);
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (nodeOptions is not null)
        {
            start.Environment["NODE_OPTIONS"] = nodeOptions;
        }

        foreach (var arg in new[]
                 {
                     script, "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent",
                     "--blobHost", "127.0.0.1", "--blobPort", "0",
                     "--queueHost", "127.0.0.1", "--queuePort", "0",
                     "--tableHost", "127.0.0.1", "--tablePort", "0",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned no process.");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            TryDelete(workDirectory);
            throw new InvalidOperationException(
                $"Could not start Node ('{node}') to run Azurite: {e.Message}. Install Node.js 20+ or set {NodeVariable}.", e);
        }

        var listening = new StartupWatch();
        process.OutputDataReceived += (_, e) => listening.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => listening.OnOutput(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.OnExited();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var timeout = startTimeout ?? DefaultStartTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var ports = await listening.Ports.WaitAsync(deadline.Token).ConfigureAwait(false);
            foreach (var port in ports.Values)
            {
                await WaitUntilAnsweringAsync(port, deadline.Token).ConfigureAwait(false);
            }

            return new AzuriteEmulator(process, workDirectory, ports);
        }
        catch (Exception e)
        {
            Stop(process);
            TryDelete(workDirectory);
            if (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Azurite did not listen within {timeout.TotalSeconds} s. Its output:\n{listening.Output()}", e);
            }

            throw;
        }
    }

    /// <summary>
    /// Finds <c>azurite.js</c>: the override variable, else a <c>node_modules/azurite</c> above the application's
    /// folder, else above the current directory.
    /// </summary>
    public static string FindScript()
    {
        if (Environment.GetEnvironmentVariable(AzuriteDirVariable) is { Length: > 0 } overridden)
        {
            var candidate = Path.Combine(overridden, "dist", "src", "azurite.js");
            return File.Exists(candidate)
                ? candidate
                : throw new InvalidOperationException($"{AzuriteDirVariable}='{overridden}' holds no dist/src/azurite.js.");
        }

        foreach (var root in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "azurite.js");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            $"Azurite is not installed: no node_modules/azurite above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}. " +
            $"Run 'npm ci' at the repository root (the build does it when Node is installed) or set {AzuriteDirVariable}.");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        Stop(_process);
        try
        {
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
        TryDelete(_workDirectory);
    }

    private void Kill() => Stop(_process);

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    // Listening is not answering: any HTTP response (even an error status) shows the service handles requests.
    private static async Task WaitUntilAnsweringAsync(int port, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/{DevelopmentAccount}?comp=list"), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();

    /// <summary>Reads the emulator's output until its three services have said which port they listen on.</summary>
    private sealed class StartupWatch
    {
        private readonly TaskCompletionSource<IReadOnlyDictionary<string, int>> _ports = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Dictionary<string, int> _found = new(StringComparer.Ordinal);
        private readonly List<string> _output = [];

        public Task<IReadOnlyDictionary<string, int>> Ports => _ports.Task;

        public void OnOutput(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.Add(line);
                var match = ListeningLine().Match(line);
                if (match.Success)
                {
                    _found[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture);
                    if (_found.Count == 3)
                    {
                        _ports.TrySetResult(new Dictionary<string, int>(_found, StringComparer.Ordinal));
                    }
                }
            }
        }

        public void OnExited() =>
            _ports.TrySetException(new InvalidOperationException("Azurite exited before all its services listened. Its output:\n" + Output()));

        public string Output()
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace Metering.Testing.Azurite;

/// <summary>
/// One real Azurite (the storage emulator from the repository's pinned npm package) for a test collection,
/// in memory, on ports the operating system picks. Tests never assume an emulator is already running, and never
/// share tables or containers: each asks <see cref="NewPrefix"/> for its own names.
/// </summary>
/// <remarks>
/// Node is found on the PATH (or <c>METERING_NODE</c>); Azurite in the <c>node_modules</c> folder found by
/// walking up from the test assembly (or <c>METERING_AZURITE_DIR</c>, a folder holding <c>dist/src/azurite.js</c>).
/// </remarks>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Overrides the Azurite package folder (the one holding <c>dist/src/azurite.js</c>).</summary>
    public const string AzuriteDirVariable = "METERING_AZURITE_DIR";

    /// <summary>Overrides the Node executable.</summary>
    public const string NodeVariable = "METERING_NODE";

    // Well-known development account of the emulator; not a secret.
    private const string DevAccount = "devstoreaccount1";
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static int _prefixCounter;

    private readonly TaskCompletionSource _allListening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);
    private readonly List<string> _output = [];
    private readonly string _workDirectory = Path.Combine(Path.GetTempPath(), "metering-azurite-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    /// <summary>The connection string of the running emulator (blob, queue and table endpoints).</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The port of the Table service.</summary>
    public int TablePort => _ports["Table"];

    /// <summary>The port of the Blob service.</summary>
    public int BlobPort => _ports["Blob"];

    /// <summary>
    /// A name prefix no other test of this run uses: lowercase letters and digits only, so that it is valid both
    /// as the start of a table name and of a container name (<c>Storage:Prefix</c>).
    /// </summary>
    public static string NewPrefix()
    {
        var n = Interlocked.Increment(ref _prefixCounter);
        var random = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 3));
        return FormattableString.Invariant($"t{n:x}{random}");
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var node = Environment.GetEnvironmentVariable(NodeVariable) is { Length: > 0 } n ? n : "node";
        var script = FindAzuriteScript();
        Directory.CreateDirectory(_workDirectory);
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = _workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned no process.");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new InvalidOperationException(
                $"Could not start Node ('{node}') to run Azurite: {e.Message}. Install Node.js 20+ or set {NodeVariable}.", e);
        }

        _process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        _process.ErrorDataReceived += (_, e) => OnOutput(e.Data);
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _allListening.TrySetException(new InvalidOperationException(
            "Azurite exited before all its services listened. Its output:\n" + Output()));
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await _allListening.Task.WaitAsync(timeout.Token);
            foreach (var port in _ports.Values)
            {
                await WaitUntilAnsweringAsync(port, timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            await DisposeAsync();
            throw new TimeoutException($"Azurite did not listen within {StartTimeout.TotalSeconds} s. Its output:\n{Output()}");
        }

        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={DevAccount};AccountKey={DevKey};" +
            $"BlobEndpoint=http://127.0.0.1:{_ports["Blob"]}/{DevAccount};" +
            $"QueueEndpoint=http://127.0.0.1:{_ports["Queue"]}/{DevAccount};" +
            $"TableEndpoint=http://127.0.0.1:{_ports["Table"]}/{DevAccount};";
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    /// <summary>Finds <c>azurite.js</c>: the override variable, else <c>node_modules</c> above the test assembly.</summary>
    public static string FindAzuriteScript()
    {
        if (Environment.GetEnvironmentVariable(AzuriteDirVariable) is { Length: > 0 } overridden)
        {
            var candidate = Path.Combine(overridden, "dist", "src", "azurite.js");
            return File.Exists(candidate)
                ? candidate
                : throw new InvalidOperationException($"{AzuriteDirVariable}='{overridden}' holds no dist/src/azurite.js.");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "azurite.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"Azurite is not installed: no node_modules/azurite above {AppContext.BaseDirectory}. " +
            $"Run 'npm ci' at the repository root (the build does it when Node is installed) or set {AzuriteDirVariable}.");
    }

    private void OnOutput(string? line)
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
                _ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (_ports.Count == 3)
                {
                    _allListening.TrySetResult();
                }
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
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
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/{DevAccount}?comp=list"), cancellationToken);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}

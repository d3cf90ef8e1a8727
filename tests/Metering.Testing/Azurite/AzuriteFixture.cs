using Metering.Hosting.Emulator;
using Xunit;

namespace Metering.Testing.Azurite;

/// <summary>
/// One real Azurite for a test collection, started and stopped by <see cref="AzuriteEmulator"/> (the same launcher
/// <c>metering demo</c> uses): in memory, on ports the operating system picks. Tests never assume an emulator is
/// already running, and never share tables or containers: each asks <see cref="NewPrefix"/> for its own names.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Overrides the Azurite package folder (the one holding <c>dist/src/azurite.js</c>).</summary>
    public const string AzuriteDirVariable = AzuriteEmulator.AzuriteDirVariable;

    /// <summary>Overrides the Node executable.</summary>
    public const string NodeVariable = AzuriteEmulator.NodeVariable;

    private static int _prefixCounter;

    private AzuriteEmulator? _emulator;

    /// <summary>
    /// <c>NODE_OPTIONS</c> for the emulator's process (empty clears what this process has); null leaves it inherited.
    /// A property, not a constructor: xUnit needs one public constructor for a collection fixture.
    /// </summary>
    public string? NodeOptions { get; init; }

    /// <summary>The connection string of the running emulator (blob, queue and table endpoints).</summary>
    public string ConnectionString => Emulator.ConnectionString;

    /// <summary>The port of the Table service.</summary>
    public int TablePort => Emulator.TablePort;

    /// <summary>The port of the Blob service.</summary>
    public int BlobPort => Emulator.BlobPort;

    private AzuriteEmulator Emulator => _emulator ?? throw new InvalidOperationException("Azurite is not running.");

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

    /// <summary>Finds <c>azurite.js</c> as the launcher does.</summary>
    public static string FindAzuriteScript() => AzuriteEmulator.FindScript();

    /// <summary>
    /// Starts the emulator, waiting up to three minutes, and once more if that start does not listen in time: on a
    /// two-core machine running several test assemblies at once, Node may not get the processor for a minute, and a
    /// collection whose fixture fails fails every one of its tests.
    /// </summary>
    public async Task InitializeAsync()
    {
        try
        {
            _emulator = await AzuriteEmulator.StartAsync(NodeOptions, StartTimeout);
        }
        catch (TimeoutException)
        {
            _emulator = await AzuriteEmulator.StartAsync(NodeOptions, StartTimeout);
        }
    }

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_emulator is { } emulator)
        {
            _emulator = null;
            await emulator.DisposeAsync();
        }
    }
}

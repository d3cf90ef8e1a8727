using Metering.Testing.Azurite;

namespace Metering.Benchmarks.EndToEnd;

/// <summary>The tests' Azurite launcher (in-memory emulator on free ports), started and stopped by a benchmark.</summary>
public sealed class AzuriteHost : IAsyncDisposable
{
    /// <summary>An emulator as the tests start it.</summary>
    public AzuriteHost()
        : this(null)
    {
    }

    /// <summary>An emulator whose Node process gets <paramref name="nodeOptions"/> as <c>NODE_OPTIONS</c>.</summary>
    public AzuriteHost(string? nodeOptions) => Fixture = new AzuriteFixture { NodeOptions = nodeOptions };

    /// <summary>The running emulator.</summary>
    public AzuriteFixture Fixture { get; }

    /// <summary>Starts the emulator.</summary>
    public Task StartAsync() => Fixture.InitializeAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Fixture.DisposeAsync();
}

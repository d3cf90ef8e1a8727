using Metering.Testing.Azurite;

namespace Metering.Benchmarks.EndToEnd;

/// <summary>The tests' Azurite launcher (in-memory emulator on free ports), started and stopped by a benchmark.</summary>
public sealed class AzuriteHost : IAsyncDisposable
{
    /// <summary>The running emulator.</summary>
    public AzuriteFixture Fixture { get; } = new();

    /// <summary>Starts the emulator.</summary>
    public Task StartAsync() => Fixture.InitializeAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Fixture.DisposeAsync();
}

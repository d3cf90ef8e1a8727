using System.CommandLine;
using System.Globalization;
using Metering.Cli.Demo;
using Metering.Cli.Failures;
using Metering.Hosting.Emulator;
using Metering.Hosting.Telemetry;
using Metering.Pipeline.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Spectre.Console;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering demo</c>: from nothing to invoices in one command. Without <c>--storage</c> (or
/// <c>METERING_STORAGE</c>) it starts the Azurite emulator itself and stops it on exit; then it runs
/// <see cref="DemoRun"/> on the samples. The output is the same on every machine for a seed.
/// </summary>
public static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(environment);
        var samples = new Option<string?>("--samples") { Description = "The samples folder (default: the repository's samples/)." };
        var output = new Option<string>("--out") { Description = "Where telemetry and invoices are written (default ./out).", DefaultValueFactory = _ => "out" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the simulation.", DefaultValueFactory = _ => DemoWorld.DefaultSeed };
        var scale = new Option<double>("--scale") { Description = "Users per tenant relative to the default (1 is about 180,000 events; 0.1 for a quick run).", DefaultValueFactory = _ => 1.0 };
        var consoleTelemetry = new Option<bool>("--console-telemetry") { Description = $"Print metrics and traces at the end (OTLP export is on when ${TelemetryExport.OtlpEndpointVariable} is set)." };
        var command = new Command("demo", "Start the storage emulator, register the sample tenants and contracts, simulate a quarter of telemetry, ingest it, close the windows and print the invoices.")
        {
            samples, output, seed, scale, consoleTelemetry,
        };
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "demo", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            if (settings.AsOf is not null)
            {
                problems.Add("--as-of does not apply to demo: it runs as of 2025-04-04, after the simulated quarter.");
            }

            var factor = parseResult.GetValue(scale);
            if (double.IsNaN(factor) || factor <= 0 || factor > 100)
            {
                problems.Add("--scale must be above 0 and at most 100.");
            }

            TelemetryExport? export = null;
            try
            {
                export = TelemetryExport.From("metering-demo", parseResult.GetValue(consoleTelemetry), environment.Variable);
            }
            catch (FormatException e)
            {
                problems.Add(e.Message);
            }

            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            var folder = SampleFiles.Find(parseResult.GetValue(samples));
            var sampleFiles = await SampleFiles.ReadAsync(folder, cancellationToken);
            var options = new DemoOptions(folder, new DirectoryInfo(parseResult.GetValue(output)!), parseResult.GetValue(seed), factor);
            var console = Output.Consoles.For(environment);
            var givenStorage = settings.StorageAccountName ?? parseResult.GetValue(global.Storage) ?? NonEmpty(environment.Variable(GlobalOptions.StorageVariable));
            await using var emulator = givenStorage is null ? await StartEmulatorAsync(console, cancellationToken) : null;
            if (emulator is not null)
            {
                settings = settings with { StorageConnectionString = emulator.ConnectionString };
            }

            using var providers = export is { IsEnabled: true } ? Telemetry(export) : null;
            await new DemoRun(options, settings, environment).RunAsync(sampleFiles, cancellationToken);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static async Task<AzuriteEmulator> StartEmulatorAsync(IAnsiConsole console, CancellationToken cancellationToken)
    {
        try
        {
            var emulator = await AzuriteEmulator.StartAsync(cancellationToken: cancellationToken);
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Started the Azurite storage emulator (in memory, table port {emulator.TablePort}); it stops when the demo ends."));
            return emulator;
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidInputException($"Cannot start the storage emulator: {e.Message} Or give a storage account with --storage.", e);
        }
    }

    private static ServiceProvider Telemetry(TelemetryExport export)
    {
        var services = new ServiceCollection();
        services.AddMeteringTelemetry(export);
        var provider = services.BuildServiceProvider();

        // Outside a generic host the providers start when first resolved; disposing them flushes the exporters.
        provider.GetRequiredService<MeterProvider>();
        provider.GetRequiredService<TracerProvider>();
        _ = MeteringTelemetry.Meter;
        return provider;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

using System.Globalization;
using Metering.Cli.Output;
using Metering.Domain.Events;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Ports;
using Metering.Hosting.Composition;
using Metering.Hosting.Settings;
using Metering.Pipeline.Closing;
using Metering.Pipeline.Ingest;
using Metering.Simulation;
using Metering.Storage.Accounts;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Spectre.Console;

namespace Metering.Cli.Demo;

/// <summary>
/// From nothing to invoices: registers the sample tenants and contracts, generates the simulated quarter, ingests
/// it through the ingest handler, runs the close (schedule step, then the queue drained) as of 4 April 2025,
/// delivers the late events a day later and closes again (windows whose figures changed get a second revision),
/// then lists the invoices and writes them to the output folder.
/// </summary>
public sealed class DemoRun(DemoOptions options, MeteringSettings settings, CliEnvironment environment)
{
    /// <summary>What the run did, for the summary and the tests.</summary>
    /// <param name="Generated">What the generator wrote.</param>
    /// <param name="Ingested">What ingest did with the on-time and the late telemetry.</param>
    /// <param name="Invoices">The latest revision of every invoice.</param>
    /// <param name="Revisions">Every revision written.</param>
    public sealed record Result(GenerationReport Generated, IngestResult Ingested, IReadOnlyList<Invoice> Invoices, int Revisions);

    /// <summary>Runs the demo against the storage the settings name.</summary>
    public async Task<Result> RunAsync(SampleFiles samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var console = Output.Consoles.For(environment);
        var clock = new DemoClock(DemoWorld.AsOf);
        await using var services = new ServiceCollection()
            .AddSingleton<IClock>(clock)
            .AddMetering(settings, environment.ConfigureClients)
            .BuildServiceProvider();

        await services.GetRequiredService<ITenantRegistry>().ApplyAsync(samples.Tenants, cancellationToken);
        var contracts = services.GetRequiredService<IContractStore>();
        foreach (var contract in samples.Contracts)
        {
            await contracts.ApplyAsync(contract, cancellationToken);
        }

        console.MarkupLine($"Registered [bold]{samples.Tenants.Count}[/] tenants and [bold]{samples.Contracts.Count}[/] contracts covering {samples.Contracts.SelectMany(c => c.Versions).Select(v => v.Template).Distinct().Count()} templates.");

        var telemetry = Directory.CreateDirectory(Path.Combine(options.Output.FullName, "telemetry"));
        var onTimePath = Path.Combine(telemetry.FullName, "events.ndjson");
        var latePath = Path.Combine(telemetry.FullName, "late.ndjson");
        var simulation = DemoWorld.Options(options.Seed, options.Scale);
        var handler = services.GetRequiredService<IngestHandler>();
        GenerationReport generated = null!;
        var ingested = IngestResult.Empty;
        await Steps(console, async step =>
        {
            var days = Period.Between(DemoWorld.First, DemoWorld.Last, PeriodUnits.Days).Days + 1;
            var generating = step("Generating a quarter of telemetry", days);
            await using (var onTime = File.Create(onTimePath))
            await using (var late = File.Create(latePath))
            {
                generated = await TelemetryGenerator.WriteAsync(
                    simulation, onTime, late, new Progress<LocalDate>(_ => generating(1)), cancellationToken);
            }

            var ingesting = step("Ingesting", Math.Max(1, new FileInfo(onTimePath).Length));
            ingested = await IngestAsync(handler, onTimePath, ingesting, cancellationToken);
        });

        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Generated {generated.DistinctEvents:N0} events in {generated.OnTimeLines:N0} lines ({generated.Duplicates:N0} duplicates, {generated.Redelivered:N0} redelivered, {generated.OutOfOrder:N0} out of order, {generated.BadLines:N0} bad lines) and {generated.LateLines:N0} late events."));
        var first = await CloseAsync(console, services, DemoWorld.AsOf, cancellationToken);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Closed as of {DemoWorld.AsOf}: {first.Invoices} window(s) invoiced, and {first.Statements} statement(s) of the periods and months of long windows published."));

        clock.Set(DemoWorld.LateAsOf);
        ingested += await IngestAsync(handler, latePath, _ => { }, cancellationToken);
        var second = await CloseAsync(console, services, DemoWorld.LateAsOf, cancellationToken);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"{generated.LateLines:N0} late events arrived on {DemoWorld.LateAsOf}: {second.Invoices} invoice and {second.Statements} statement revision(s) written where a figure changed."));

        Output.IngestReport.WriteTable(console, ingested);
        var invoices = await PublishAsync(services, cancellationToken);
        InvoiceSummary.Write(console, invoices.Latest);
        var statements = await PublishStatementsAsync(services, cancellationToken);
        console.MarkupLine($"Invoices and evidence written to [bold]{Markup.Escape(Path.Combine(options.Output.FullName, "invoices"))}[/] ({statements} statement revision(s) in each long window's [bold]statements[/] folder; 'metering statements list' reads them from storage); telemetry in [bold]{Markup.Escape(telemetry.FullName)}[/].");

        // The usage report of what was just published, while the demo's storage still exists (docs/report.md).
        var usage = await Reporting.UsageReport.ReadAsync(
            services.GetRequiredService<IInvoiceStore>(), services.GetRequiredService<IDeadLetterStore>(), null, null, null, clock.GetCurrentInstant(), cancellationToken);
        var reportFolder = new DirectoryInfo(Path.Combine(options.Output.FullName, "report"));
        await Commands.ReportCommand.WriteFilesAsync(usage, services.GetRequiredService<IInvoiceStore>(), reportFolder, cancellationToken);
        console.MarkupLine($"Usage report written to [bold]{Markup.Escape(Path.Combine(reportFolder.FullName, "index.html"))}[/] (open it in a browser).");
        return new Result(generated, ingested, invoices.Latest, invoices.Revisions);
    }

    private async Task Steps(IAnsiConsole console, Func<Func<string, double, Action<double>>, Task> body)
    {
        if (environment.IsTerminal)
        {
            await console.Progress().AutoClear(false).StartAsync(async context =>
                await body((name, max) =>
                {
                    var task = context.AddTask(name, maxValue: max);
                    return increment => task.Increment(increment);
                }));
            return;
        }

        await body((name, _) =>
        {
            environment.Out.WriteLine(name + "...");
            return _ => { };
        });
    }

    private async Task<IngestResult> IngestAsync(IngestHandler handler, string path, Action<double> advance, CancellationToken cancellationToken)
    {
        var total = IngestResult.Empty;
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var read = 0L;
        await foreach (var batch in EventBatchReader.ReadAsync(stream, settings.IngestBatchSize, cancellationToken))
        {
            total += await handler.HandleAsync(batch, cancellationToken);
            advance(stream.Position - read);
            read = stream.Position;
        }

        return total;
    }

    private async Task<(int Invoices, int Statements)> CloseAsync(IAnsiConsole console, ServiceProvider services, Instant asOf, CancellationToken cancellationToken)
    {
        var scheduled = await services.GetRequiredService<CloseScheduler>().ScheduleAsync(asOf, cancellationToken);
        var report = await CloseProgress.DrainAsync(environment, console, services.GetRequiredService<CloseWorker>(), scheduled.Requested.Count, cancellationToken);
        if (report.Failures.Count > 0)
        {
            throw new InvalidOperationException("Closes failed: " + string.Join("; ", report.Failures.Select(f => $"{f.Request.Contract}/{f.Request.Target}: {f.Error}")));
        }

        var written = report.Outcomes.Where(o => o.Status == CloseStatus.Written).ToList();
        return (written.Count(o => o.Request.PeriodId is null), written.Count(o => o.Request.PeriodId is not null));
    }

    private async Task<(IReadOnlyList<Invoice> Latest, int Revisions)> PublishAsync(ServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IInvoiceStore>();
        var account = services.GetRequiredService<StorageAccount>();
        var container = await account.ContainerAsync(account.Names.Invoices, cancellationToken);
        var folder = Path.Combine(options.Output.FullName, "invoices");
        var latest = new Dictionary<(string, string), Invoice>();
        var revisions = 0;
        await foreach (var revision in store.ListAsync(null, null, cancellationToken))
        {
            var stored = await store.ReadAsync(revision, cancellationToken) ?? throw new InvalidOperationException($"{revision.BlobName} was listed but cannot be read.");
            var invoice = InvoiceJson.Read(stored.Json);
            await WriteAsync(folder, revision.BlobName, stored.Json, cancellationToken);
            var evidence = await container.GetBlobClient(invoice.Evidence.BlobName).DownloadContentAsync(cancellationToken);
            await WriteAsync(folder, invoice.Evidence.BlobName, evidence.Value.Content.ToMemory(), cancellationToken);
            latest[(revision.Contract.Value, revision.WindowId)] = invoice;
            revisions++;
        }

        return ([.. latest.Values], revisions);
    }

    // The statements beside their window's invoices, as stored (docs/storage.md), each with its evidence.
    private async Task<int> PublishStatementsAsync(ServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IStatementStore>();
        var account = services.GetRequiredService<StorageAccount>();
        var container = await account.ContainerAsync(account.Names.Invoices, cancellationToken);
        var folder = Path.Combine(options.Output.FullName, "invoices");
        var count = 0;
        await foreach (var revision in store.ListStatementsAsync(null, null, cancellationToken))
        {
            var stored = await store.ReadStatementAsync(revision, cancellationToken) ?? throw new InvalidOperationException($"{revision.BlobName} was listed but cannot be read.");
            var statement = StatementJson.Read(stored.Json);
            await WriteAsync(folder, revision.BlobName, stored.Json, cancellationToken);
            var evidence = await container.GetBlobClient(statement.Evidence.BlobName).DownloadContentAsync(cancellationToken);
            await WriteAsync(folder, statement.Evidence.BlobName, evidence.Value.Content.ToMemory(), cancellationToken);
            count++;
        }

        return count;
    }

    private static async Task WriteAsync(string folder, string blobName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, blobName.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content.ToArray(), cancellationToken);
    }
}

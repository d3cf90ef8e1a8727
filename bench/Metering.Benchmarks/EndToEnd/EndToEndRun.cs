using System.Diagnostics;
using Azure.Core;
using Metering.Benchmarks.Generation;
using Metering.Benchmarks.Reporting;
using Metering.Domain.Tenants;
using Metering.Hosting.Composition;
using Metering.Hosting.Settings;
using Metering.Pipeline.Ingest;
using Metering.Domain.Ports;
using Metering.Storage.Activity;
using Metering.Storage.Archive;
using Metering.Storage.DeadLetters;
using Metering.Storage.Tenants;
using Metering.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Benchmarks.EndToEnd;

/// <summary>
/// Ingests a generated NDJSON stream end to end into a local Azurite — the ingest handler as the hosts compose it
/// (plan, archive, dead letters, coalesced table writes, batch markers) — then the same stream through the naive
/// baseline, counting every request on the wire.
/// </summary>
public static class EndToEndRun
{
    /// <summary>Runs both and writes <c>e2e.json</c>.</summary>
    public static async Task<EndToEndFigures> RunAsync(string results, string streamPath, long events, long naiveEvents, int batchSize, CancellationToken cancellationToken)
    {
        var shape = StreamShape.Default;
        var bytes = await StreamFile.EnsureAsync(streamPath, shape, events, cancellationToken);
        var tenants = GeneratedBatch.DirectoryOf(shape);
        Console.WriteLine("Counting the stream's distinct (tenant, kind, unit, day)...");
        var census = await StreamCensus.CountAsync(streamPath, batchSize, tenants, shape.IngestAt, cancellationToken);

        await using var azurite = new AzuriteHost();
        await azurite.StartAsync();
        var loadBefore = LoadAverage.OneMinute();

        var counter = new RequestCounter { TablePort = azurite.Fixture.TablePort, BlobPort = azurite.Fixture.BlobPort };
        var settings = new MeteringSettings
        {
            StorageConnectionString = azurite.Fixture.ConnectionString,
            StoragePrefix = "bench",
            AsOf = shape.IngestAt,
            IngestBatchSize = batchSize,
        };
        var account = MeteringServiceCollectionExtensions.Connect(settings, options => options.AddPolicy(counter, HttpPipelinePosition.PerRetry));
        var timed = new TimedPorts(new BlobRawArchive(account), new BlobDeadLetterStore(account), new TableActivityStore(account, settings.MaxConcurrentPartitions));
        await using var services = new ServiceCollection()
            .AddSingleton(account)
            .AddSingleton<IRawArchive>(timed)
            .AddSingleton<IDeadLetterStore>(timed)
            .AddSingleton<IActivityStore>(timed)
            .AddMetering(settings)
            .BuildServiceProvider();
        await new TableTenantRegistry(account).ApplyAsync([.. tenants.All], cancellationToken);
        var handler = services.GetRequiredService<IngestHandler>();
        counter.Reset();

        Console.WriteLine($"Ingesting {events:N0} events through the pipeline...");
        var (selfBefore, azuriteBefore) = (ProcessTimes.Self(), ProcessTimes.Children("node"));
        var clock = Stopwatch.StartNew();
        var total = IngestResult.Empty;
        await using (var file = new FileStream(streamPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            await foreach (var batch in EventBatchReader.ReadAsync(file, batchSize, cancellationToken))
            {
                total += await handler.HandleAsync(batch, cancellationToken);
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var (selfCpu, azuriteCpu) = (ProcessTimes.Self() - selfBefore, ProcessTimes.Children("node") - azuriteBefore);
        var requests = counter.Snapshot();

        Console.WriteLine($"Ingesting {Math.Min(events, naiveEvents):N0} events one upsert each (the naive baseline)...");
        var naiveCounter = new RequestCounter { TablePort = azurite.Fixture.TablePort, BlobPort = azurite.Fixture.BlobPort };
        var naiveAccount = MeteringServiceCollectionExtensions.Connect(
            settings with { StoragePrefix = "naive" },
            options => options.AddPolicy(naiveCounter, HttpPipelinePosition.PerRetry));
        var naivePath = naiveEvents < events ? await StreamFile.PrefixAsync(streamPath, naiveEvents, cancellationToken) : streamPath;
        const int inFlight = 32;
        (selfBefore, azuriteBefore) = (ProcessTimes.Self(), ProcessTimes.Children("node"));
        clock.Restart();
        var naiveUpserts = await NaiveIngest.RunAsync(naivePath, naiveAccount, tenants, shape.IngestAt, batchSize, inFlight, cancellationToken);
        var naiveSeconds = clock.Elapsed.TotalSeconds;
        var (naiveSelfCpu, naiveAzuriteCpu) = (ProcessTimes.Self() - selfBefore, ProcessTimes.Children("node") - azuriteBefore);

        var figures = new EndToEndFigures
        {
            Events = events,
            Bytes = bytes,
            BatchSize = batchSize,
            Census = census,
            Seconds = seconds,
            Accepted = total.Accepted,
            DeadLettered = total.DeadLetteredTotal,
            Entities = total.EntitiesWritten,
            ActivityEntities = timed.ActivityEntities,
            ActivityRequests = total.StorageRequests,
            TableRequests = requests.TableRequests,
            BlobRequests = requests.BlobRequests,
            Requests = requests,
            NaiveEvents = Math.Min(events, naiveEvents),
            NaiveSeconds = naiveSeconds,
            NaiveEntities = naiveUpserts,
            NaiveTableRequests = naiveCounter.Tables,
            NaiveRequests = naiveCounter.Snapshot(),
            NaiveInFlight = inFlight,
            ProcessCpuSeconds = selfCpu,
            AzuriteCpuSeconds = azuriteCpu,
            NaiveProcessCpuSeconds = naiveSelfCpu,
            NaiveAzuriteCpuSeconds = naiveAzuriteCpu,
            ArchiveSeconds = timed.ArchiveSeconds,
            DeadLetterSeconds = timed.DeadLetterSeconds,
            ActivitySeconds = timed.ActivitySeconds,
            LoadBefore = loadBefore,
            LoadAfter = LoadAverage.OneMinute(),
        };
        await ResultFiles.WriteAsync(results, "e2e", figures, cancellationToken);
        return figures;
    }
}

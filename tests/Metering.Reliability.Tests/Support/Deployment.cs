using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Metering.Cli.Demo;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Hosting.Composition;
using Metering.Hosting.Settings;
using Metering.Pipeline.Closing;
using Metering.Pipeline.Ingest;
using Metering.Pipeline.Retries;
using Metering.Storage.Accounts;
using Metering.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Testing;

namespace Metering.Reliability.Tests.Support;

/// <summary>
/// One deployment of the pipeline in the shared Azurite, composed as every host composes it (<c>AddMetering</c>),
/// under a prefix of its own, on a fake clock, with the given policies in its storage clients' pipelines (fault
/// injection). Ingest retries a failing batch as the Functions app does (<see cref="RetryForever"/>, without the
/// waits); the close is run as the timer and the queue run it, schedule step then queue, round after round until
/// nothing is left to close. Inspection (<see cref="Direct"/>) goes around the policies.
/// </summary>
internal sealed class Deployment : IAsyncDisposable
{
    // A bug, unlike an injected fault, would make the retries spin: give up long before the test host's own timeout.
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);
    private const int MaxCloseRounds = 400;

    private readonly RetryForever _retry = new(NullLogger<RetryForever>.Instance, delay: (_, _) => Task.CompletedTask);

    private Deployment(AzuriteFixture azurite, string prefix, ServiceProvider services, FakeClock clock)
    {
        Prefix = prefix;
        Services = services;
        Clock = clock;
        Direct = StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageNames(prefix));
    }

    public string Prefix { get; }

    public ServiceProvider Services { get; }

    public FakeClock Clock { get; }

    /// <summary>The same account and names without the deployment's policies: what a billing system or an auditor sees.</summary>
    public StorageAccount Direct { get; }

    public static Deployment Create(AzuriteFixture azurite, params HttpPipelinePolicy[] policies) =>
        Create(azurite, AzuriteFixture.NewPrefix(), policies);

    public static Deployment Create(AzuriteFixture azurite, string prefix, params HttpPipelinePolicy[] policies) =>
        Create(azurite, prefix, new MeteringSettings().MaxConcurrentPartitions, policies);

    /// <summary>
    /// A deployment whose batches write <paramref name="maxConcurrentPartitions"/> partitions at a time; with one, every
    /// storage request of the deployment is made in a fixed order, so a seeded fault schedule hits the same requests on
    /// every run.
    /// </summary>
    public static Deployment Create(AzuriteFixture azurite, string prefix, int maxConcurrentPartitions, params HttpPipelinePolicy[] policies)
    {
        var clock = new FakeClock(ReliabilityWorld.AsOf);
        var settings = new MeteringSettings
        {
            StorageConnectionString = azurite.ConnectionString,
            StoragePrefix = prefix,
            TenantCacheTimeToLive = Duration.Zero,
            MaxConcurrentPartitions = maxConcurrentPartitions,
        };
        var services = new ServiceCollection()
            .AddSingleton<IClock>(clock)
            .AddMetering(settings, options =>
            {
                foreach (var policy in policies)
                {
                    options.AddPolicy(policy, HttpPipelinePosition.PerCall);
                }
            })
            .BuildServiceProvider();
        return new Deployment(azurite, prefix, services, clock);
    }

    /// <summary>Registers the tenants and stores the contracts, retried through faults.</summary>
    public Task RegisterAsync(SampleFiles samples) => RegisterAsync(samples.Tenants, samples.Contracts);

    /// <summary>Registers the tenants and stores the contracts, retried through faults.</summary>
    public async Task RegisterAsync(IReadOnlyCollection<Tenant> tenants, IEnumerable<Contract> contracts)
    {
        using var timeout = new CancellationTokenSource(GiveUpAfter);
        await _retry.RunAsync(ct => Services.GetRequiredService<ITenantRegistry>().ApplyAsync(tenants, ct), "tenants", timeout.Token);
        foreach (var contract in contracts)
        {
            await _retry.RunAsync(ct => Services.GetRequiredService<IContractStore>().ApplyAsync(contract, ct), "contract", timeout.Token);
        }
    }

    /// <summary>Ingests one batch received at <paramref name="receivedAt"/>, retried until it is recorded.</summary>
    public async Task<IngestResult> IngestAsync(IReadOnlyList<RawEvent> batch, Instant receivedAt)
    {
        Clock.Reset(receivedAt);
        using var timeout = new CancellationTokenSource(GiveUpAfter);
        return await Services.GetRequiredService<IngestHandler>().HandleUntilRecordedAsync(batch, receivedAt, _retry, "ingest", timeout.Token);
    }

    /// <summary>Ingests the batches in order, each received at <paramref name="receivedAt"/>.</summary>
    public async Task<IngestResult> IngestAsync(IEnumerable<IReadOnlyList<RawEvent>> batches, Instant receivedAt)
    {
        var total = IngestResult.Empty;
        foreach (var batch in batches)
        {
            total += await IngestAsync(batch, receivedAt);
        }

        return total;
    }

    /// <summary>
    /// Closes as of <paramref name="asOf"/> until settled: rounds of the schedule step and a drain of the queue, a
    /// storage failure in either only ending its round, until a round schedules nothing and no close fails. Every
    /// failure must be a storage failure: anything else is a bug and fails the test. Returns the rounds it took.
    /// </summary>
    public async Task<int> CloseAsync(Instant asOf)
    {
        Clock.Reset(asOf);
        var scheduler = Services.GetRequiredService<CloseScheduler>();
        // A close that failed leaves its request invisible for this long before another drain may take it.
        var worker = new CloseWorker(
            Services.GetRequiredService<ICloseQueue>(), Services.GetRequiredService<WindowCloser>(), NullLogger<CloseWorker>.Instance, Duration.FromSeconds(1));
        using var timeout = new CancellationTokenSource(GiveUpAfter);
        for (var round = 1; round <= MaxCloseRounds; round++)
        {
            try
            {
                var scheduled = await scheduler.ScheduleAsync(asOf, timeout.Token);
                var drained = await worker.DrainAsync(timeout.Token);
                var bugs = drained.Failures.Where(f => !IsStorageFailure(f.Cause)).ToList();
                Assert.True(bugs.Count == 0, string.Join("\n", bugs.Select(f => $"{f.Request.Contract}/{f.Request.WindowId}: {f.Cause}")));
                if (scheduled.Requested.Count == 0 && drained.Failures.Count == 0)
                {
                    return round;
                }
            }
            catch (Exception e) when (IsStorageFailure(e))
            {
                // The round ends; the next one schedules again whatever is still not closed.
            }
        }

        throw new Xunit.Sdk.XunitException($"The close as of {asOf} did not settle in {MaxCloseRounds} rounds.");
    }

    /// <summary>The deployment's invoices container as billing reads it.</summary>
    public Task<InvoiceSnapshot> InvoicesAsync() => InvoiceSnapshot.OfAsync(Direct);

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    /// <summary>The whole standard scenario: register, ingest on time, close, ingest late, close again.</summary>
    public async Task RunAsync(ReliabilityWorld world)
    {
        await RegisterAsync(world.Samples);
        await IngestAsync(world.OnTime, ReliabilityWorld.AsOf);
        await CloseAsync(ReliabilityWorld.AsOf);
        await IngestAsync(world.Late, ReliabilityWorld.LateAsOf);
        await CloseAsync(ReliabilityWorld.LateAsOf);
    }

    private static bool IsStorageFailure(Exception? e) => e switch
    {
        RequestFailedException or IOException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsStorageFailure),
        _ => false,
    };
}

using System.Globalization;
using Metering.Domain.Events;
using Metering.Domain.Ports;
using Metering.Pipeline.Ingest;
using Metering.Reliability.Tests.Support;
using Metering.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit.Abstractions;

namespace Metering.Reliability.Tests.Redelivery;

/// <summary>
/// docs/events.md and docs/reliability.md: Event Hubs delivers at least once and in no particular order, and the archive may be replayed at any
/// time; none of it may change a figure. Whole scenarios are delivered as <see cref="Delivery"/> generates them and
/// must publish the reference invoices byte for byte (same revisions, same evidence, same late-event baselines).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RedeliveryPropertyTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly Interval Archive = new(Instant.FromUtc(2025, 4, 1, 0, 0), Instant.FromUtc(2025, 4, 6, 0, 0));

    [Fact]
    public async Task Any_Order_Cut_And_Redelivery_Of_The_Batches_And_Any_Archive_Replay_Publish_The_Same_Invoices_Byte_For_Byte()
    {
        var world = await ReliabilityWorld.StandardAsync();
        var reference = await StandardRun.ReferenceAsync(azurite);
        var iterations = Soak.Count(6, 100);
        long delivered = 0, redelivered = 0, replays = 0, replayedBatches = 0;

        await SeededSamples.CheckAsync(
            Delivery.For(world.OnTime.Sum(b => b.Length)),
            seed: 20250404,
            iterations,
            async delivery =>
            {
                await using var deployment = Deployment.Create(azurite);
                await deployment.RegisterAsync(world.Samples);
                var cut = delivery.Cut(world.OnTime);
                var onTime = delivery.OnTime(cut);
                await deployment.IngestAsync(onTime, ReliabilityWorld.AsOf);
                var replayed = await ReplayIfAsync(delivery, Delivery.ReplayAfterIngest, deployment);
                await deployment.CloseAsync(ReliabilityWorld.AsOf);
                replayed += await ReplayIfAsync(delivery, Delivery.ReplayAfterFirstClose, deployment);
                var late = delivery.Late(world.Late, cut);
                await deployment.IngestAsync(late, ReliabilityWorld.LateAsOf);
                await deployment.CloseAsync(ReliabilityWorld.LateAsOf);
                var end = delivery.End(world.Late, cut);
                await deployment.IngestAsync(end, ReliabilityWorld.LateAsOf);
                replayed += await ReplayIfAsync(delivery, Delivery.ReplayAtEnd, deployment);
                await deployment.CloseAsync(ReliabilityWorld.LateAsOf);

                var invoices = await deployment.InvoicesAsync();
                Assert.True(reference.Text == invoices.Text, $"{delivery}: the invoices differ from the reference.\nexpected:\n{reference.Text}\nactual:\n{invoices.Text}");
                delivered += onTime.Count + late.Count + end.Count;
                redelivered += delivery.OnTimeCopies.Length + delivery.LateCopies.Length + delivery.EndCopies.Length;
                replays += int.PopCount(delivery.Replays);
                replayedBatches += replayed;
            },
            d => d.ToString());

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"redelivery scenarios: {iterations}; batches delivered: {delivered:N0} ({redelivered:N0} of them redeliveries, every batch's events shuffled); archive replays: {replays} ({replayedBatches:N0} batches replayed); every scenario published invoice snapshot {reference.Sha256} ({reference.Revisions} revisions)"));
    }

    private static async Task<int> ReplayIfAsync(Delivery delivery, int moment, Deployment deployment)
    {
        if ((delivery.Replays & moment) == 0)
        {
            return 0;
        }

        var replay = new ArchiveReplay(deployment.Services.GetRequiredService<IRawArchive>(), deployment.Services.GetRequiredService<IngestHandler>());
        var batches = 0;
        await foreach (var batch in replay.ReplayAsync(Archive, default))
        {
            Assert.Equal(1, batch.Result.SkippedAsRedelivered);
            batches++;
        }

        Assert.True(batches > 0, "The archive held no batch to replay.");
        return batches;
    }
}

using System.Globalization;
using System.Text.Json;
using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Domain.Tenants;
using Metering.Reliability.Tests.Support;
using Metering.Storage.Archive;
using Metering.Testing.Azurite;
using Xunit.Abstractions;

namespace Metering.Reliability.Tests.Fuzzing;

/// <summary>
/// docs/events.md: every rejected input is kept, byte for byte, with its reasons and position. Mutated batches go through the
/// real ingest handler into Azurite; each batch's dead-letter blob must hold exactly its rejected events, and the
/// handler's counts must add up to what it received.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DeadLetterFuzzTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Mutated_Batches_Ingested_Keep_Every_Rejected_Body_Byte_For_Byte_With_Its_Reasons()
    {
        var world = await ReliabilityWorld.StandardAsync();
        var corpus = world.OnTime.SelectMany(b => b).Take(2000).Select(e => e.Body.ToArray()).Concat(FuzzCorpus.EveryType).ToList();
        var random = new Random(3);
        var mutator = new EventMutator(corpus, random);
        var tenants = new TenantDirectory(world.Samples.Tenants);
        await using var deployment = Deployment.Create(azurite);
        await deployment.RegisterAsync(world.Samples.Tenants, []);
        var container = deployment.Direct.Blobs.GetBlobContainerClient(deployment.Direct.Names.DeadLetter);
        var batches = Soak.Count(60, 1_000);
        long received = 0, deadLettered = 0;
        for (var n = 0; n < batches; n++)
        {
            RawEvent[] batch = [.. Enumerable.Range(1, random.Next(1, 300)).Select(i => new RawEvent(mutator.Next(), i, "p0", 1000L + i))];
            var result = await deployment.IngestAsync(batch, ReliabilityWorld.AsOf);
            var plan = IngestPlanner.Plan(batch, tenants, ReliabilityWorld.AsOf);

            Assert.Equal(batch.Length, result.Received);
            Assert.Equal(result.Received, result.Accepted + result.DeadLetteredTotal);
            // Ids repeat across the corpus: a valid event whose id an earlier batch counted with other content is
            // dead-lettered as a reused id too, which the batch's plan alone cannot know (it is checked apart below).
            var expected = plan.Rejected.Where(r => r.Reason != RejectionReason.ConflictingDuplicate).Select(r => Line(r.Event.Position, r.Event.Body.ToArray(), r.Errors.Select(e => e.Code))).ToList();
            var reusedInBatch = plan.Rejected.Count(r => r.Reason == RejectionReason.ConflictingDuplicate);
            var stored = new List<string>();
            if (result.DeadLetteredTotal > 0)
            {
                var blob = (await container.GetBlobClient(BlobNames.Of(plan.Batch, ReliabilityWorld.AsOf)).DownloadContentAsync()).Value.Content.ToArray();
                foreach (var line in NdjsonLines.Of(blob))
                {
                    using var document = JsonDocument.Parse(line);
                    var root = document.RootElement;
                    Assert.Equal("p0", root.GetProperty("partition").GetString());
                    Assert.Equal(1000 + root.GetProperty("position").GetInt64(), root.GetProperty("sequenceNumber").GetInt64());
                    stored.Add(Line(
                        root.GetProperty("position").GetInt64(),
                        root.GetProperty("body").GetBytesFromBase64(),
                        root.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()!)));
                }
            }

            var reused = stored.Where(l => l.EndsWith(" " + RejectionReason.ConflictingDuplicate, StringComparison.Ordinal)).ToList();
            Assert.Equal(expected, stored.Except(reused));
            Assert.True(reused.Count >= reusedInBatch, "A reused id the batch itself holds was not dead-lettered.");
            Assert.All(reused, l => Assert.True(new CloudEventParser(tenants, ReliabilityWorld.AsOf).TryParse(new RawEvent(Convert.FromHexString(l.Split(' ')[1]), 1), out _, out _), "An invalid event was dead-lettered as a reused id."));
            received += result.Received;
            deadLettered += result.DeadLetteredTotal;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz through storage: {batches} mutated batches, {received:N0} events; {deadLettered:N0} dead-lettered, each found byte for byte with its position and reasons in its batch's dead-letter blob"));
    }

    private static string Line(long position, byte[] body, IEnumerable<string> codes) =>
        string.Create(CultureInfo.InvariantCulture, $"{position} {Convert.ToHexString(body)} {string.Join(",", codes)}");
}

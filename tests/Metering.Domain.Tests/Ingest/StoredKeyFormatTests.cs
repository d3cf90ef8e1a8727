using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Testing.Events;

namespace Metering.Domain.Tests.Ingest;

/// <summary>
/// Like the content digest (<see cref="ContentDigestFormatTests"/>), what ingest derives from an event's bytes is
/// stored: the identity key of each claim, the key of each fact and its chunk's id, and the batch id of the batch marker.
/// A redelivery after an upgrade must derive the same values or it would count again. These were computed with the
/// planner of commit 89defb8, before the CPU-path work of issue 15; a change to how they are computed must reproduce
/// them: an escaped id, a non-ASCII id and subject, an absolute source and a second tenant included.
/// </summary>
public sealed class StoredKeyFormatTests
{
    private static readonly string[] Bodies =
    [
        EventJson.Of("session.heartbeat", """{"sessionId":"s-1"}""", subject: "élève", id: "evt-é/1").Json,
        EventJson.Valid(subject: "u-2", id: "x").With("id", "\"evt\\u00e9\\/2\"").WithString("source", "https://lms.example.com/app").Json,
        EventJson.Of("user.created", """{"roles":["learner"]}""", subject: "u-3", id: "evt-3").WithString("tenantid", "paris").Json,
    ];

    [Fact]
    public void Identities_Fact_Keys_Chunk_Ids_And_The_Batch_Id_Are_The_Ones_Stored()
    {
        var plan = IngestPlanner.Plan(
            [.. Bodies.Select((body, i) => new RawEvent(System.Text.Encoding.UTF8.GetBytes(body), i + 1))],
            SampleTenants.Directory,
            SampleTenants.Now);

        Assert.Empty(plan.Rejected);
        Assert.Equal("7181d6c9fc0697b9738ae827629f337f", plan.Batch.Value);
        Assert.Equal(
            [
                "acme e751f3cbc9eb410fe1139f049f2d90a2 a4661d906513281ec37b1ed25b8df44e",
                "acme f3d6b3501e09d2660e2da0f98cc1a028 a3463548bf5d8c19ff14e5af93f10923",
                "paris d5fce6901198278af4f75150662d870b b070fe31fecc42de4d71dd44afa6c560",
            ],
            plan.Claims.Select(c => $"{c.Identity.Tenant} {c.Identity.KeyText} {c.Content}").Order(StringComparer.Ordinal)); // a set: no order is promised
        Assert.Equal(
            ["ad8c99732f3084d0 f4c14e0dd8a3f6159bda6e457f9ddf5b", "5073a9519a34c5dc 1d84559713c6bea216423ce0fc2564d3"],
            plan.Facts.SelectMany(chunk => chunk.Facts.Select(fact => $"{chunk.ChunkId} {fact.Key}")));
    }

    [Fact]
    public void The_Batch_Id_Of_Events_Delivered_By_Senders_Is_The_One_Stored()
    {
        // The Event Hubs trigger names its hub as the sender of every event it delivers (one string); the archive keeps
        // it per line (a string each). Computed by the planner of 79e5837, whose batch id is 89defb8's.
        string?[] senders = ["hub-a", "hub-b", new string("hub-a".AsSpan())];
        var plan = IngestPlanner.Plan(
            [.. Bodies.Select((body, i) => new RawEvent(System.Text.Encoding.UTF8.GetBytes(body), i + 1) { Sender = senders[i] })],
            SampleTenants.Directory,
            SampleTenants.Now);

        Assert.Equal("8ca86581bb1122ccde57eb9eac31df5c", plan.Batch.Value);
    }
}

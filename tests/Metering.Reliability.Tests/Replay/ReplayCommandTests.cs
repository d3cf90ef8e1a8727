using System.Text;
using System.Text.Json;
using Metering.Cli;
using Metering.Reliability.Tests.Support;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using Metering.Testing.Storage;
using static Metering.Reliability.Tests.Support.CliDeployment;

namespace Metering.Reliability.Tests.Replay;

/// <summary>
/// <c>metering replay</c>: the raw archive run through ingest again, each batch as of its receipt. Replaying changes no
/// figure: a batch still recorded is recognised by its marker and writes nothing; after data loss the batches are
/// written again and the invoices come out as published; a source registered late gets its dead-lettered events
/// counted, once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReplayCommandTests(AzuriteFixture azurite)
{
    private const string From = "2025-04-01T00:00:00Z";
    private const string To = "2025-04-06T00:00:00Z";

    [Fact]
    public async Task Replaying_A_Recorded_Quarter_Writes_Nothing_And_Changes_No_Invoice()
    {
        var world = await ReliabilityWorld.StandardAsync();
        using var cli = new CliDeployment(azurite);
        await RunStandardAsync(cli, world);
        var activity = await ActivityAsync(cli);

        var replay = await cli.JsonAsync("replay", "--from", From, "--to", To);
        var close = await cli.JsonAsync("close", "--as-of", Text(ReliabilityWorld.LateAsOf));

        var batches = world.OnTime.Count + world.Late.Count;
        Assert.Equal((batches, batches, 0, world.Lines, 0L), Totals(replay));
        Assert.Equal(0, close.GetProperty("scheduled").GetInt32());
        Assert.Equal(activity, await ActivityAsync(cli));
        Assert.Equal((await StandardRun.ReferenceAsync(azurite)).Text, (await cli.InvoicesAsync()).Text);
    }

    [Fact]
    public async Task After_Every_Table_Is_Lost_A_Replay_Restores_The_Activity_And_The_Close_Publishes_Nothing_New()
    {
        var world = await ReliabilityWorld.StandardAsync();
        using var cli = new CliDeployment(azurite);
        await RunStandardAsync(cli, world);
        var activity = await ActivityAsync(cli);
        await foreach (var table in cli.Direct.Tables.QueryAsync())
        {
            if (table.Name.StartsWith(cli.Prefix, StringComparison.Ordinal))
            {
                await cli.Direct.Tables.DeleteTableAsync(table.Name);
            }
        }

        await cli.SucceedsAsync("tenants", "apply", SamplesTenants);
        var replay = await cli.JsonAsync("replay", "--from", From, "--to", To);
        var close = await cli.JsonAsync("close", "--as-of", Text(ReliabilityWorld.LateAsOf));

        var batches = world.OnTime.Count + world.Late.Count;
        var (replayed, alreadyRecorded, restored, received, entities) = Totals(replay);
        Assert.Equal((batches, 0, batches, world.Lines), (replayed, alreadyRecorded, restored, received));
        Assert.True(entities > 0);
        Assert.Equal(activity, await ActivityAsync(cli));
        var statuses = close.GetProperty("closes").EnumerateArray().Select(c => c.GetProperty("status").GetString()).ToList();
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal("unchanged", s));
        Assert.Equal((await StandardRun.ReferenceAsync(azurite)).Text, (await cli.InvoicesAsync()).Text);
    }

    [Fact]
    public async Task Events_Of_A_Source_Registered_Late_Count_Once_After_Replay_And_Revise_The_Closed_Month()
    {
        using var cli = new CliDeployment(azurite);
        await cli.SucceedsAsync("tenants", "apply", SamplesTenants);
        await cli.SucceedsAsync("contracts", "apply", SampleContracts.Single(c => c.EndsWith("acme-portal-mau.json", StringComparison.Ordinal)));
        const string portal = "https://lms.acme.example/app";
        const string kiosk = "app://acme/kiosk";
        var events = cli.Write("march.ndjson", Encoding.UTF8.GetBytes(CloudEvents.Ndjson(
        [
            CloudEvents.Body("1", portal, "acme", "user.login", "ana", "2025-03-03T09:00:00+01:00"),
            CloudEvents.Body("2", kiosk, "acme", "user.login", "kiosk user/1 ü", "2025-03-10T09:00:00+01:00"),
            CloudEvents.Body("3", kiosk, "acme", "user.login", "kiosk#2%7C", "2025-03-31T23:30:00+02:00"),
            CloudEvents.Body("4", kiosk, "acme", "user.login", "ana", "2025-03-12T09:00:00+01:00"),
        ])));
        var ingested = await cli.JsonAsync("ingest", events, "--as-of", Text(ReliabilityWorld.AsOf));
        await cli.JsonAsync("close", "--as-of", Text(ReliabilityWorld.AsOf));
        var tenants = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(SamplesTenants))!.AsArray();
        var acme = tenants.Single(t => t!["id"]!.GetValue<string>() == "acme")!;
        acme["sources"]!.AsArray().Add(kiosk);
        await cli.SucceedsAsync("tenants", "apply", cli.Write("tenants.json", Encoding.UTF8.GetBytes(tenants.ToJsonString())));

        var first = await cli.JsonAsync("replay", "--from", From, "--to", To);
        var revised = await cli.JsonAsync("close", "--as-of", Text(ReliabilityWorld.LateAsOf));
        var second = await cli.JsonAsync("replay", "--from", From, "--to", To);
        var again = await cli.JsonAsync("close", "--as-of", Text(ReliabilityWorld.LateAsOf));

        Assert.Equal(3, ingested.GetProperty("deadLetteredByReason").GetProperty("unregistered-source").GetInt64());
        Assert.Equal((1, 0, 1), (first.GetProperty("batches").GetInt32(), first.GetProperty("alreadyRecorded").GetInt32(), first.GetProperty("restored").GetInt32()));
        Assert.Equal((4L, 0L), (first.GetProperty("accepted").GetInt64(), first.GetProperty("deadLettered").GetInt64()));
        var march = revised.GetProperty("closes").EnumerateArray().Single(c => c.GetProperty("window").GetString() == "2025-03-01_2025-03-31");
        Assert.Equal(("late-events", "written", 2, 3), (march.GetProperty("reason").GetString(), march.GetProperty("status").GetString(), march.GetProperty("revision").GetInt32(), march.GetProperty("quantity").GetInt32()));
        Assert.Equal((1, 1, 0), (second.GetProperty("batches").GetInt32(), second.GetProperty("alreadyRecorded").GetInt32(), second.GetProperty("restored").GetInt32()));
        Assert.Equal(0, again.GetProperty("scheduled").GetInt32());
        Assert.Equal(4, await InvoiceAudit.AssertSoundAsync(cli.Direct)); // January, February, March, and March revised
    }

    [Fact]
    public async Task The_Remainder_Of_A_Broken_Array_Stays_Rejected_When_Replayed_Although_It_Parses()
    {
        using var cli = new CliDeployment(azurite);
        await cli.SucceedsAsync("tenants", "apply", SamplesTenants);
        await cli.SucceedsAsync("contracts", "apply", SampleContracts.Single(c => c.EndsWith("acme-portal-mau.json", StringComparison.Ordinal)));
        const string portal = "https://lms.acme.example/app";
        var array = Encoding.UTF8.GetBytes(
            "[" + Encoding.UTF8.GetString(CloudEvents.Body("1", portal, "acme", "user.login", "ana", "2025-03-03T09:00:00Z")) + "] "
            + Encoding.UTF8.GetString(CloudEvents.Body("2", portal, "acme", "user.login", "bob", "2025-03-04T09:00:00Z")));
        var ingested = await cli.JsonAsync("ingest", cli.Write("broken.json", array), "--as-of", Text(ReliabilityWorld.AsOf));
        await cli.JsonAsync("close", "--as-of", Text(ReliabilityWorld.AsOf));

        var replay = await cli.JsonAsync("replay", "--from", From, "--to", To);
        var close = await cli.JsonAsync("close", "--as-of", Text(ReliabilityWorld.LateAsOf));

        Assert.Equal((1L, 1L), (ingested.GetProperty("accepted").GetInt64(), ingested.GetProperty("deadLetteredByReason").GetProperty("malformed-batch").GetInt64()));
        Assert.Equal((1, 1, 0, 2L, 0L), Totals(replay));
        Assert.Equal(0, close.GetProperty("scheduled").GetInt32());
    }

    [Theory]
    [InlineData("--from", "2025-04-02T00:00:00Z", "--to", "2025-04-01T00:00:00Z")]
    [InlineData("--from", "2025-04-01T00:00:00Z", "--to", "2025-04-01T00:00:00Z")]
    [InlineData("--from", "2025-04-01", "--to", "2025-04-02T00:00:00Z")]
    [InlineData("--from", "2025-04-01T00:00:00Z")]
    [InlineData("--from", "2025-04-01T00:00:00Z", "--to", "2025-04-02T00:00:00Z", "--as-of", "2025-04-03T00:00:00Z")]
    public async Task An_Empty_Or_Malformed_Interval_Or_An_As_Of_Instant_Exits_2_Before_Touching_Storage(params string[] args)
    {
        using var cli = new CliDeployment(azurite);

        var run = await cli.RunAsync(["replay", .. args]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("error", run.Error, StringComparison.Ordinal);
        Assert.False(await cli.Direct.Blobs.GetBlobContainerClient(cli.Direct.Names.Archive).ExistsAsync());
    }

    /// <summary>The standard scenario through the verbs: the same batches and instants as <see cref="Deployment.RunAsync"/>.</summary>
    internal static async Task RunStandardAsync(CliDeployment cli, ReliabilityWorld world)
    {
        var batchSize = world.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await cli.RegisterAsync();
        await cli.JsonAsync("ingest", cli.Write("on-time.ndjson", world.OnTimeNdjson), "--batch-size", batchSize, "--as-of", Text(ReliabilityWorld.AsOf));
        await cli.JsonAsync("close", "--as-of", Text(ReliabilityWorld.AsOf));
        await cli.JsonAsync("ingest", cli.Write("late.ndjson", world.LateNdjson), "--batch-size", batchSize, "--as-of", Text(ReliabilityWorld.LateAsOf));
        await cli.JsonAsync("close", "--as-of", Text(ReliabilityWorld.LateAsOf));
    }

    private static (int Batches, int AlreadyRecorded, int Restored, long Received, long Entities) Totals(JsonElement replay) => (
        replay.GetProperty("batches").GetInt32(),
        replay.GetProperty("alreadyRecorded").GetInt32(),
        replay.GetProperty("restored").GetInt32(),
        replay.GetProperty("received").GetInt64(),
        replay.GetProperty("entitiesWritten").GetInt64());

    // The activity figures are computed from.
    private static async Task<string> ActivityAsync(CliDeployment cli)
    {
        var names = cli.Direct.Names;
        return (await TableSnapshot.OfTablesAsync(cli.Direct.Tables, [names.Presence, names.Facts, names.Sessions])).Text;
    }
}

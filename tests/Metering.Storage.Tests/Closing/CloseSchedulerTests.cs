using Metering.Domain.Contracts;
using Metering.Domain.Ports;
using Metering.Pipeline.Closing;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace Metering.Storage.Tests.Closing;

/// <summary>
/// The schedule step: a window is due from local midnight (billing zone) of the day after its last day plus the
/// contract's grace days (docs/closing.md), and is enqueued when never closed, amended since, or touched by late events since.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CloseSchedulerTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(2, "2025-04-02T23:59:59+02:00", "")]
    [InlineData(2, "2025-04-03T00:00:00+02:00", "2025-03-01_2025-03-31")]
    [InlineData(0, "2025-03-31T23:59:59+02:00", "")]
    [InlineData(0, "2025-04-01T00:00:00+02:00", "2025-03-01_2025-03-31")]
    [InlineData(5, "2025-04-05T12:00:00Z", "")]
    [InlineData(5, "2025-04-06T00:00:00+02:00", "2025-03-01_2025-03-31")]
    [InlineData(2, "2025-05-03T00:00:00+02:00", "2025-03-01_2025-03-31 2025-04-01_2025-04-30")]
    public async Task A_Window_Is_Due_At_Local_Midnight_After_Its_Last_Day_Plus_Grace(int graceDays, string asOf, string expected)
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "Europe/Paris");
        await harness.ApplyAsync(Contract("acme-portal", graceDays, "acme"));

        var scheduled = await harness.Services.GetRequiredService<CloseScheduler>().ScheduleAsync(At(asOf), default);

        Assert.Equal(expected, string.Join(' ', scheduled.Requested.Select(r => r.WindowId)));
        Assert.All(scheduled.Requested, r => Assert.Equal("due", r.Reason));
    }

    [Fact]
    public async Task A_Window_Closed_And_Untouched_Is_Not_Scheduled_Again()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "Europe/Paris");
        await harness.ApplyAsync(Contract("acme-portal", 2, "acme"));
        await harness.CloseAsync(At("2025-04-03T00:00:00+02:00"));

        var (again, drained) = await harness.CloseAsync(At("2025-04-20T00:00:00+02:00"));

        Assert.Empty(again.Requested);
        Assert.Empty(drained.Outcomes);
    }

    [Fact]
    public async Task A_Ledger_That_Saw_More_Touches_Than_Are_Stored_Does_Not_Bring_The_Window_Back()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "Europe/Paris");
        await harness.ApplyAsync(Contract("acme-portal", 2, "acme"));
        await harness.CloseAsync(At("2025-04-03T00:00:00+02:00"));
        var ledger = harness.Services.GetRequiredService<ICloseLedger>();
        var record = (await ledger.ListAsync(ContractId.Parse("acme-portal"), default))["2025-03-01_2025-03-31"];

        // As if the touches it saw were since lost, or counted by an older version that read them more widely.
        await ledger.SaveAsync(record with { TouchRecords = record.TouchRecords + 3 }, default);
        var (again, drained) = await harness.CloseAsync(At("2025-04-20T00:00:00+02:00"));

        Assert.Empty(again.Requested);
        Assert.Empty(drained.Outcomes);
    }

    [Fact]
    public async Task A_Contract_Whose_Tenants_Are_Not_Registered_Is_Reported_And_Not_Scheduled()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "Europe/Paris");
        await harness.ApplyAsync(Contract("acme-portal", 2, "acme"));
        await harness.ApplyAsync(Contract("initech-portal", 2, "initech"));

        var scheduled = await harness.Services.GetRequiredService<CloseScheduler>().ScheduleAsync(At("2025-04-03T00:00:00+02:00"), default);

        Assert.Equal(["acme-portal"], scheduled.Requested.Select(r => r.Contract.Value));
        Assert.Contains("initech", Assert.Single(scheduled.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Stored_Contract_That_No_Longer_Reads_Is_Reported_And_The_Others_Still_Close()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "Europe/Paris");
        await harness.ApplyAsync(Contract("acme-portal", 2, "acme"));
        // Stored before a limit it breaks (docs/contracts.md, "Limits"): a price of 28 digits.
        var broken = Contract("acme-huge", 2, "acme").Replace(
            "\"template\": \"monthly-active\" }", "\"template\": \"monthly-active\", \"commercial\": { \"currency\": \"EUR\", \"unitPrice\": \"9999999999999999999999999999\" } }", StringComparison.Ordinal);
        await harness.Account.Blobs.GetBlobContainerClient(harness.Account.Names.Contracts).GetBlobClient("acme-huge.json").UploadAsync(BinaryData.FromString(broken));

        var scheduled = await harness.Services.GetRequiredService<CloseScheduler>().ScheduleAsync(At("2025-04-03T00:00:00+02:00"), default);

        Assert.Equal(["acme-portal"], scheduled.Requested.Select(r => r.Contract.Value).Distinct());
        var problem = Assert.Single(scheduled.Problems);
        Assert.StartsWith("not closed: Stored contract acme-huge no longer reads", problem, StringComparison.Ordinal);
        Assert.Contains("unitPrice", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Closed_Window_That_An_Amendment_Splits_Is_Reported_While_Its_Replacements_Are_Scheduled()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "Europe/Paris");
        await harness.ApplyAsync(Contract("acme-portal", 2, "acme"));
        await harness.CloseAsync(At("2025-04-03T00:00:00+02:00"));
        await harness.ApplyAsync(Contract("acme-portal", 2, "acme").Replace(
            "\"template\": \"monthly-active\" }",
            "\"template\": \"monthly-active\" }, { \"version\": 2, \"effective\": \"2025-03-15\", \"template\": \"registered-users\" }",
            StringComparison.Ordinal));

        var scheduled = await harness.Services.GetRequiredService<CloseScheduler>().ScheduleAsync(At("2025-04-04T00:00:00+02:00"), default);

        Assert.Equal("2025-03-01_2025-03-14 2025-03-15_2025-03-31", string.Join(' ', scheduled.Requested.Select(r => r.WindowId)));
        var problem = Assert.Single(scheduled.Problems);
        Assert.Contains("no longer has window 2025-03-01_2025-03-31, whose revision 1 is published", problem, StringComparison.Ordinal);
    }

    private const string February = "2025-02-01_2025-02-28";
    private const string March = "2025-03-01_2025-03-31";

    // A registered-users (period-end) contract in UTC, February and March closed: ana and bob exist from 5 January,
    // bob's session opens at 00:10 on 1 March. Then, on 10 April, one late event arrives. A state fact counts from its
    // time on, so it reaches every closed window from its day; a session opened the evening before a window can be open
    // in it; an activity event counts for no state rule.
    [Theory]
    [InlineData("registered-users", "user.deleted", "bob", "2025-02-20T10:00:00Z", null, "2025-02-01_2025-02-28=1 2025-03-01_2025-03-31=1")]
    [InlineData("registered-users", "user.created", "cy", "2025-01-15T10:00:00Z", null, "2025-02-01_2025-02-28=3 2025-03-01_2025-03-31=3")]
    [InlineData("registered-users", "user.login", "dan", "2025-02-20T10:00:00Z", null, "")]
    [InlineData("concurrent-users", "session.started", "ana", "2025-02-28T23:50:00Z", """{"sessionId":"a1"}""", "2025-02-01_2025-02-28=1 2025-03-01_2025-03-31=2")]
    public async Task A_Late_Event_Brings_Back_Every_Closed_Window_Whose_Figure_Reads_Its_Day(
        string template, string type, string subject, string time, string? data, string expected)
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "UTC");
        await harness.ApplyAsync($$"""
            {
              "id": "acme-users",
              "tenants": ["acme"],
              "term": { "start": "2025-02-01", "end": "2025-12-31" },
              "versions": [ { "version": 1, "effective": "2025-02-01", "template": "{{template}}" } ]
            }
            """);
        await harness.IngestAsync(
            Instant.FromUtc(2025, 4, 1, 12, 0),
            Event("1", "user.created", "ana", "2025-01-05T00:00:00Z"),
            Event("2", "user.created", "bob", "2025-01-05T00:00:00Z"),
            Event("3", "session.started", "bob", "2025-03-01T00:10:00Z", """{"sessionId":"b1"}"""));
        await harness.CloseAsync(At("2025-04-03T00:00:00Z"));

        await harness.IngestAsync(Instant.FromUtc(2025, 4, 10, 8, 0), Event("4", type, subject, time, data));
        var (scheduled, drained) = await harness.CloseAsync(At("2025-04-10T09:00:00Z"));
        var (again, _) = await harness.CloseAsync(At("2025-04-11T09:00:00Z"));

        var revised = new List<string>();
        foreach (var outcome in drained.Outcomes.OrderBy(o => o.Request.WindowId, StringComparer.Ordinal))
        {
            Assert.Equal((CloseStatus.Written, 2), (outcome.Status, outcome.Revision!.Revision));
            revised.Add($"{outcome.Request.WindowId}={outcome.Invoice!.Figures.Quantity}");
        }

        Assert.Equal(expected, string.Join(' ', revised));
        Assert.All(scheduled.Requested, r => Assert.Equal("late-events", r.Reason));
        Assert.Empty(drained.Failures);
        Assert.Empty(again.Requested);
    }

    // The touch that a late fact leaves before a window is counted once the window has seen it: a close that found
    // the same figures writes nothing, and the next schedule step leaves the window alone.
    [Fact]
    public async Task A_Late_Fact_That_Changes_No_Figure_Of_A_Later_Window_Writes_No_Revision_Of_It()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "UTC");
        await harness.ApplyAsync("""
            {
              "id": "acme-users",
              "tenants": ["acme"],
              "term": { "start": "2025-02-01", "end": "2025-12-31" },
              "versions": [ { "version": 1, "effective": "2025-02-01", "template": "registered-users" } ]
            }
            """);
        await harness.IngestAsync(Instant.FromUtc(2025, 4, 1, 12, 0), Event("1", "user.created", "ana", "2025-01-05T00:00:00Z"));
        await harness.CloseAsync(At("2025-04-03T00:00:00Z"));

        // A role granted on 20 February changes no one's existence: both windows are measured again, neither revised.
        await harness.IngestAsync(Instant.FromUtc(2025, 4, 10, 8, 0), Event("2", "role.granted", "ana", "2025-02-20T10:00:00Z", """{"role":"administrator"}"""));
        var (scheduled, drained) = await harness.CloseAsync(At("2025-04-10T09:00:00Z"));
        var (again, _) = await harness.CloseAsync(At("2025-04-11T09:00:00Z"));

        Assert.Equal([February, March], scheduled.Requested.Select(r => r.WindowId).Order(StringComparer.Ordinal));
        Assert.All(drained.Outcomes, o => Assert.Equal(CloseStatus.Unchanged, o.Status));
        Assert.Empty(again.Requested);
        Assert.Single(await harness.RevisionsAsync("acme-users", March));
    }

    private static byte[] Event(string id, string type, string subject, string time, string? data = null) =>
        CloudEvents.Body(id, CloseHarness.Source, "acme", type, subject, time, data);

    private static Instant At(string text) => OffsetDateTimePattern.ExtendedIso.Parse(text).Value.ToInstant();

    private static string Contract(string id, int graceDays, string tenant) => $$"""
        {
          "id": "{{id}}",
          "tenants": ["{{tenant}}"],
          "term": { "start": "2025-03-01", "end": "2025-12-31" },
          "graceDays": {{graceDays}},
          "versions": [ { "version": 1, "effective": "2025-03-01", "template": "monthly-active" } ]
        }
        """;
}

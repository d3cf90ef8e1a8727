using System.Security.Cryptography;
using System.Text.Json;
using CsCheck;
using Metering.Domain.Events;
using Metering.Domain.Ingest;
using NodaTime;

namespace Metering.Simulation.Tests;

public sealed class TelemetryGeneratorTests
{
    private static readonly Instant AfterMarch = Instant.FromUtc(2025, 4, 10, 0, 0);

    [Fact]
    public async Task The_Same_Seed_Writes_The_Same_Bytes_And_Another_Seed_Other_Bytes()
    {
        var first = await Simulations.GenerateAsync(Simulations.March(42));
        var again = await Simulations.GenerateAsync(Simulations.March(42));
        var other = await Simulations.GenerateAsync(Simulations.March(43));

        Assert.Equal(SHA256.HashData(first.OnTime), SHA256.HashData(again.OnTime));
        Assert.Equal(SHA256.HashData(first.Late), SHA256.HashData(again.Late));
        Assert.NotEqual(SHA256.HashData(first.OnTime), SHA256.HashData(other.OnTime));
    }

    [Fact]
    public async Task Every_Generated_Event_Is_Accepted_And_Exactly_The_Bad_Lines_Are_Rejected()
    {
        var options = Simulations.March(7);
        var (onTime, late, report) = await Simulations.GenerateAsync(options);
        var lines = Simulations.Lines(onTime);

        var plan = IngestPlanner.Plan(lines, Simulations.Registry(options), AfterMarch);
        var latePlan = IngestPlanner.Plan(Simulations.Lines(late), Simulations.Registry(options), AfterMarch);

        Assert.Equal(report.OnTimeLines, lines.Count);
        Assert.True(report.BadLines > 0, "A realistic sprinkle has bad lines.");
        Assert.Equal(report.BadLines, plan.Rejected.Length);
        Assert.Equal(lines.Count - report.BadLines, plan.Accepted);
        Assert.Empty(latePlan.Rejected);
        Assert.True(plan.Accepted > 10 * report.BadLines, "Most lines are accepted.");
    }

    [Fact]
    public async Task The_Bad_Lines_Cover_Many_Rejection_Reasons()
    {
        var options = Simulations.March(11, new Disorder(0, 0, 0, 0, 0.02));
        var (onTime, _, _) = await Simulations.GenerateAsync(options);

        var reasons = IngestPlanner.Plan(Simulations.Lines(onTime), Simulations.Registry(options), AfterMarch).Rejected.Select(r => r.Reason).ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                RejectionReason.MalformedJson, RejectionReason.UnknownType, RejectionReason.UnregisteredSource, RejectionReason.FutureTime,
                RejectionReason.InvalidSubject, RejectionReason.InvalidData, RejectionReason.InvalidTenantId, RejectionReason.MissingAttribute,
            },
            reasons);
    }

    [Fact]
    public async Task Without_Disorder_Each_Event_Is_Sent_Once_And_Each_Tenant_Group_In_Time_Order()
    {
        var options = Simulations.March(5, Disorder.None);
        var (onTime, late, report) = await Simulations.GenerateAsync(options);
        var events = Simulations.Lines(onTime).Select(l => JsonDocument.Parse(l.Body).RootElement).ToList();

        Assert.Empty(late);
        Assert.Equal(report.DistinctEvents, events.Count);
        Assert.Equal(events.Count, events.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(0, report.Duplicates + report.Redelivered + report.OutOfOrder + report.BadLines);
    }

    // Bad lines are added to the world, never change it: with the same seed, the lines of a run without them are the
    // lines of a run with them, in the same order, once its bad lines are taken out.
    [Fact]
    public async Task Bad_Lines_Change_No_Other_Line_Of_The_Run()
    {
        var without = await Simulations.GenerateAsync(Simulations.March(11, new Disorder(0.05, 0.5, 0.05, 0.01, 0)));
        var with = await Simulations.GenerateAsync(Simulations.March(11, new Disorder(0.05, 0.5, 0.05, 0.01, 0.02)));

        static List<string> Texts(byte[] ndjson) => [.. Simulations.Lines(ndjson).Select(l => System.Text.Encoding.UTF8.GetString(l.Body.Span))];
        var bad = Texts(with.OnTime).Where(line => !line.Contains("\"id\":\"e-", StringComparison.Ordinal)).ToList();

        Assert.True(with.Report.BadLines > 100, $"{with.Report.BadLines} bad lines");
        Assert.Equal(with.Report.BadLines, bad.Count);
        Assert.Equal(Texts(without.OnTime), Texts(with.OnTime).Where(line => line.Contains("\"id\":\"e-", StringComparison.Ordinal)));
        Assert.Equal(Texts(without.Late), Texts(with.Late));
    }

    [Fact]
    public async Task Duplicates_Redeliveries_And_Held_Back_Events_Repeat_Or_Move_Events_Without_Inventing_Any()
    {
        var options = Simulations.March(9, new Disorder(0.05, 0.5, 0.05, 0.01, 0));
        var (onTime, late, report) = await Simulations.GenerateAsync(options);
        var ids = Simulations.Lines(onTime).Concat(Simulations.Lines(late)).Select(l => JsonDocument.Parse(l.Body).RootElement.GetProperty("id").GetString()).ToList();

        Assert.True(report.Duplicates > 0 && report.Redelivered > 0 && report.OutOfOrder > 0 && report.LateLines > 0);
        Assert.Equal(report.DistinctEvents, ids.Distinct().Count());
        Assert.Equal(report.DistinctEvents + report.Duplicates + report.Redelivered, ids.Count);
    }

    [Fact]
    public async Task A_Tenant_Sends_Only_The_Event_Groups_Of_Its_Mix()
    {
        var options = Simulations.March(3, Disorder.None) with { Tenants = [Simulations.Tokyo] };
        var (_, _, report) = await Simulations.GenerateAsync(options);

        var groups = report.Events.Keys.Select(t => EventCatalog.Get(t).Group).ToHashSet();

        Assert.Superset(new HashSet<EventGroup> { EventGroup.Activity, EventGroup.Content, EventGroup.Licences, EventGroup.UserState }, groups);
        Assert.DoesNotContain(EventGroup.Meetings, groups);
        Assert.DoesNotContain(EventGroup.Sessions, groups);
        Assert.DoesNotContain(EventGroup.Endpoints, groups);
    }

    [Fact]
    public async Task Activity_Is_Skewed_A_Fifth_Of_The_Users_Send_Most_Of_It()
    {
        var options = Simulations.March(21, Disorder.None) with { Tenants = [Simulations.Tokyo with { Users = 500 }] };
        var (onTime, _, _) = await Simulations.GenerateAsync(options);
        var perUser = Simulations.Lines(onTime)
            .Select(l => JsonDocument.Parse(l.Body).RootElement)
            .Where(e => EventCatalog.Get(e.GetProperty("type").GetString()!).IsActivity)
            .GroupBy(e => e.GetProperty("subject").GetString())
            .Select(g => g.Count())
            .OrderDescending()
            .ToList();

        var top = perUser.Take(perUser.Count / 5).Sum();

        Assert.True(top > perUser.Sum() / 2, $"top fifth sent {top} of {perUser.Sum()}");
    }

    // 30 March 2025 lasts 23 hours in Paris: a heartbeat drawn within 24 hours of the day's start could land on 31 March
    // (an endpoint then beats twice that day and none on the 30th), and on a month's last day in the next month.
    [Fact]
    public async Task Daily_Heartbeats_Stay_On_Their_Local_Day_When_Daylight_Saving_Shortens_It()
    {
        var options = Simulations.March(1, Disorder.None);
        var (onTime, _, _) = await Simulations.GenerateAsync(options);
        var paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];
        var beats = Simulations.Lines(onTime).Select(l => JsonDocument.Parse(l.Body).RootElement)
            .Where(e => e.GetProperty("tenantid").GetString() == "acme" && e.GetProperty("type").GetString() == EventCatalog.EndpointProtected)
            .Select(e => (Endpoint: e.GetProperty("subject").GetString()!, Day: NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(e.GetProperty("time").GetString()!).Value.ToInstant().InZone(paris).Date))
            .ToList();

        Assert.Contains(beats, b => b.Day == new LocalDate(2025, 3, 30));
        Assert.All(beats.GroupBy(b => b), g => Assert.Single(g));
        Assert.All(beats, b => Assert.InRange(b.Day, new LocalDate(2025, 3, 1), new LocalDate(2025, 3, 31)));
    }

    [Fact]
    public async Task Times_Are_Rfc3339_With_The_Zone_Offset_For_Tenants_That_Send_Local_Times()
    {
        var options = Simulations.March(1, Disorder.None);
        var (onTime, _, _) = await Simulations.GenerateAsync(options);
        var times = Simulations.Lines(onTime).Select(l => JsonDocument.Parse(l.Body).RootElement)
            .GroupBy(e => e.GetProperty("tenantid").GetString()!)
            .ToDictionary(g => g.Key, g => g.Select(e => e.GetProperty("time").GetString()!).ToList());

        Assert.All(times["sakura"], t => Assert.EndsWith("Z", t, StringComparison.Ordinal));
        Assert.Contains(times["acme"], t => t.EndsWith("+01:00", StringComparison.Ordinal));
        Assert.Contains(times["acme"], t => t.EndsWith("+02:00", StringComparison.Ordinal));
    }

    [Fact]
    public void Any_Seed_Gives_A_Stream_Whose_Lines_Are_Accepted_Except_The_Bad_Ones()
    {
        Gen.ULong.Sample(seed =>
        {
            var options = new SimulationOptions(seed, new LocalDate(2024, 2, 28), new LocalDate(2024, 3, 2), [Simulations.Paris with { Users = 15, Endpoints = 3 }])
            {
                Disorder = new Disorder(0.05, 0.2, 0.05, 0.02, 0.05),
                UsersPerGroup = 4,
            };
            var (onTime, _, report) = Simulations.GenerateAsync(options).GetAwaiter().GetResult();
            var plan = IngestPlanner.Plan(Simulations.Lines(onTime), Simulations.Registry(options), Instant.FromUtc(2024, 3, 10, 0, 0));
            return plan.Rejected.Length == report.BadLines && plan.Accepted == report.OnTimeLines - report.BadLines;
        }, iter: 40);
    }

    [Fact]
    public async Task Invalid_Options_Are_Refused_With_Every_Problem()
    {
        var options = new SimulationOptions(1, new LocalDate(2025, 3, 2), new LocalDate(2025, 3, 1), [new SimulatedTenant("Bad_Id", "Mars/Olympus", "", 0, EventMix.All)])
        {
            Disorder = new Disorder(2, 0, 0, 0, 0),
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => TelemetryGenerator.WriteAsync(options, Stream.Null, null, null, CancellationToken.None));

        foreach (var problem in new[] { "last day", "Bad_Id", "Mars/Olympus", "at least one user", "disorder.duplicates" })
        {
            Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        }
    }
}

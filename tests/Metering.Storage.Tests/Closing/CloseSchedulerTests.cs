using Metering.Pipeline.Closing;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace Metering.Storage.Tests.Closing;

/// <summary>
/// The schedule step: a window is due from local midnight (billing zone) of the day after its last day plus the
/// contract's grace days (SPEC 6), and is enqueued when never closed, amended since, or touched by late events since.
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

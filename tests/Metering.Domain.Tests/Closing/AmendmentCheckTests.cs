using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using NodaTime;
using NodaTime.Text;

namespace Metering.Domain.Tests.Closing;

public sealed class AmendmentCheckTests
{
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    // A monthly contract for 2025 whose January to March windows are closed.
    private static readonly string[] ClosedQ1 = ["2025-01-01_2025-01-31", "2025-02-01_2025-02-28", "2025-03-01_2025-03-31"];

    [Theory]
    [InlineData("2025-04-01", "2025-12-31", 0)] // effective on the first open month: allowed
    [InlineData("2025-03-01", "2025-12-31", 0)] // on a closed window's boundary: the window stays whole, it is revised
    [InlineData("2025-03-15", "2025-12-31", 1)] // inside closed March: March would be billed twice
    [InlineData("2025-01-02", "2025-12-31", 1)] // inside closed January
    [InlineData("2025-06-15", "2025-12-31", 0)] // inside an open month: nothing closed is touched
    [InlineData("2025-04-01", "2025-02-14", 2)] // a term cut to mid-February drops March and cuts February
    public void An_Amendment_May_Not_Cut_Move_Or_Drop_A_Closed_Window(string effective, string termEnd, int problems)
    {
        var stored = Contract("2025-12-31", null);
        var amended = Contract(termEnd, effective);

        var found = AmendmentCheck.Problems(stored, amended, Paris, ClosedQ1);

        Assert.Equal(problems, found.Count);
        Assert.All(found, p => Assert.Equal("splits-closed-window", p.Code));
    }

    [Fact]
    public void Nothing_Closed_Means_Any_Amendment_Is_Allowed()
    {
        Assert.Empty(AmendmentCheck.Problems(Contract("2025-12-31", null), Contract("2025-12-31", "2025-03-15"), Paris, []));
    }

    private static LocalDate Day(string iso) => LocalDatePattern.Iso.Parse(iso).GetValueOrThrow();

    private static Contract Contract(string termEnd, string? amendmentEffective)
    {
        // An amendment effective after a shortened term cannot exist: the term cut alone is the amendment then.
        var amendment = amendmentEffective is null || Day(amendmentEffective) > Day(termEnd)
            ? string.Empty
            : $$""", { "version": 2, "effective": "{{amendmentEffective}}", "template": "registered-users" }""";
        var read = ContractReader.Read($$"""
            {
              "id": "acme-portal",
              "tenants": ["acme"],
              "term": { "start": "2025-01-01", "end": "{{termEnd}}" },
              "versions": [ { "version": 1, "effective": "2025-01-01", "template": "monthly-active" }{{amendment}} ]
            }
            """);
        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        return read.Contract!;
    }
}

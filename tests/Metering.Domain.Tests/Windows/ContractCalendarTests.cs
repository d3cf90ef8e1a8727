using CsCheck;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Domain.Tenants;
using Metering.Domain.Tests.Support;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Tests.Windows;

public class ContractCalendarTests
{
    private static readonly Scenario Paris = new("Europe/Paris");

    [Fact]
    public void Calendar_Months_Start_On_The_First_And_Are_Clipped_To_A_Term_Starting_And_Ending_Mid_Month()
    {
        var windows = Paris.Windows(Paris.Contract(TemplateNames.MonthlyActive, "2025-01-15", "2025-04-10"));

        Assert.Equal(["2025-01-15_2025-01-31", "2025-02-01_2025-02-28", "2025-03-01_2025-03-31", "2025-04-01_2025-04-10"], Ids(windows));
        Assert.Equal([true, false, false, true], windows.Select(w => w.Window.ClippedToTerm));
        Assert.All(windows, w => Assert.Equal(WindowSchemeKind.CalendarMonth, w.Window.Scheme));
    }

    [Theory]
    [InlineData("2024-01-01", "2024-03-31", "2024-02-01_2024-02-29")]
    [InlineData("2025-01-01", "2025-03-31", "2025-02-01_2025-02-28")]
    [InlineData("2100-01-01", "2100-03-31", "2100-02-01_2100-02-28")]
    [InlineData("2000-01-01", "2000-03-31", "2000-02-01_2000-02-29")]
    public void February_Has_29_Days_Only_In_Leap_Years(string start, string end, string february) =>
        Assert.Contains(february, Ids(Paris.Windows(Paris.Contract(TemplateNames.MonthlyActive, start, end))));

    [Theory]
    [InlineData("2024-02-29", "2028-03-31", new[] { "2024-02-29_2025-02-27", "2025-02-28_2026-02-27", "2026-02-28_2027-02-27", "2027-02-28_2028-02-28", "2028-02-29_2028-03-31" })]
    [InlineData("2025-01-31", "2027-01-30", new[] { "2025-01-31_2026-01-30", "2026-01-31_2027-01-30" })]
    [InlineData("2025-07-01", "2026-12-31", new[] { "2025-07-01_2026-06-30", "2026-07-01_2026-12-31" })]
    public void Contract_Years_Run_From_The_Term_Start_And_Each_Anniversary(string start, string end, string[] ids) =>
        Assert.Equal(ids, Ids(Paris.Windows(Paris.Contract(TemplateNames.ContractYearActive, start, end))));

    [Fact]
    public void Anniversary_Of_29_February_Falls_On_28_February_In_Common_Years_And_Returns_In_Leap_Years()
    {
        var starts = Paris.Windows(Paris.Contract(TemplateNames.UniqueLogins, "2024-02-29", "2032-12-31")).Select(w => w.Window.Days.Start);

        Assert.Equal(
            ["2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29", "2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29"],
            starts.Select(d => d.ToString("yyyy-MM-dd", null)));
    }

    [Theory]
    [InlineData("2025-01-01", "2025-12-31", new[] { "2025-01-01_2025-03-31", "2025-04-01_2025-06-29", "2025-06-30_2025-09-27", "2025-09-28_2025-12-26" }, "2025-12-27", "2025-12-31")]
    [InlineData("2024-01-01", "2024-12-31", new[] { "2024-01-01_2024-03-30", "2024-03-31_2024-06-28", "2024-06-29_2024-09-26", "2024-09-27_2024-12-25" }, "2024-12-26", "2024-12-31")]
    [InlineData("2024-02-29", "2025-02-27", new[] { "2024-02-29_2024-05-28", "2024-05-29_2024-08-26", "2024-08-27_2024-11-24", "2024-11-25_2025-02-22" }, "2025-02-23", "2025-02-27")]
    public void A_Subscription_Year_Is_Four_90_Day_Periods_And_Days_After_Day_360_Are_Uncovered(string start, string end, string[] periods, string firstUncovered, string lastUncovered)
    {
        var year = Assert.Single(Paris.Windows(Paris.Contract(TemplateNames.NinetyDayPeak, start, end))).Window;

        Assert.Equal(periods, year.SubWindows.Select(p => p.Id));
        Assert.All(year.SubWindows, p => Assert.Equal(90, p.Days.Length));
        Assert.Equal(new DateInterval(Scenario.Day(firstUncovered), Scenario.Day(lastUncovered)), year.Uncovered);
        Assert.Equal(year.Days.Length - 360, year.Uncovered!.Length);
    }

    [Fact]
    public void A_Leap_Subscription_Year_Leaves_Six_Days_Uncovered_And_A_Common_One_Five()
    {
        var years = Paris.Windows(Paris.Contract(TemplateNames.NinetyDayPeak, "2023-03-01", "2025-02-28"));

        // 2023-03-01 to 2024-02-29 holds a 29 February; 2024-03-01 to 2025-02-28 does not.
        Assert.Equal([6, 5], years.Select(y => y.Window.Uncovered!.Length));
    }

    [Fact]
    public void A_Term_Ending_Mid_Year_Clips_The_Periods_And_Drops_Those_After_It()
    {
        var year = Assert.Single(Paris.Windows(Paris.Contract(TemplateNames.NinetyDayPeak, "2025-01-01", "2025-05-15"))).Window;

        Assert.Equal(["2025-01-01_2025-03-31", "2025-04-01_2025-05-15"], year.SubWindows.Select(p => p.Id));
        Assert.Null(year.Uncovered);
        Assert.True(year.ClippedToTerm);
    }

    [Fact]
    public void Rolling_Windows_End_At_Each_Month_End_And_Never_Start_Before_The_Term()
    {
        var contract = Paris.Contract(TemplateNames.Rolling12Months, "2025-01-15", "2025-05-31", TemplateParameters.None.With(TemplateParameterRules.Months, 3));

        Assert.Equal(
            ["2025-01-15_2025-01-31", "2025-01-15_2025-02-28", "2025-01-15_2025-03-31", "2025-02-01_2025-04-30", "2025-03-01_2025-05-31"],
            Ids(Paris.Windows(contract)));
    }

    [Fact]
    public void Twelve_Month_Rolling_Window_At_A_Leap_February_End_Starts_On_1_March()
    {
        var windows = Paris.Windows(Paris.Contract(TemplateNames.Rolling12Months, "2022-01-01", "2024-12-31"));

        Assert.Contains("2023-03-01_2024-02-29", Ids(windows));
        Assert.Equal(36, windows.Count);
    }

    [Fact]
    public void Term_Scheme_Gives_One_Window_For_The_Whole_Term()
    {
        var window = Assert.Single(Paris.Windows(Paris.Contract(TemplateNames.TermLogins, "2024-06-10", "2027-06-09"))).Window;

        Assert.Equal("2024-06-10_2027-06-09", window.Id);
        Assert.False(window.ClippedToTerm);
    }

    [Fact]
    public void An_Amendment_Mid_Month_Cuts_The_Month_Into_Two_Windows_Each_Citing_Its_Version()
    {
        var contract = Scenario.Amend(Paris.Contract(TemplateNames.MonthlyActive, "2025-01-01", "2025-04-30"), "2025-03-15", TemplateNames.AssignedSeats);

        var windows = Paris.Windows(contract);

        Assert.Equal(["2025-01-01_2025-01-31", "2025-02-01_2025-02-28", "2025-03-01_2025-03-14", "2025-03-15_2025-03-31", "2025-04-01_2025-04-30"], Ids(windows));
        Assert.Equal([1, 1, 1, 2, 2], windows.Select(w => w.Version.Number));
        Assert.Equal([false, false, true, true, false], windows.Select(w => w.Window.ClippedToTerm));
    }

    [Fact]
    public void An_Amendment_Keeps_The_Contract_Year_Anchor_And_Cuts_The_Year_It_Falls_In()
    {
        var contract = Scenario.Amend(Paris.Contract(TemplateNames.ContractYearActive, "2024-07-01", "2026-06-30"), "2025-01-01", TemplateNames.ContractYearActive);

        Assert.Equal(["2024-07-01_2024-12-31", "2025-01-01_2025-06-30", "2025-07-01_2026-06-30"], Ids(Paris.Windows(contract)));
    }

    [Fact]
    public void A_Version_Replaced_Before_It_Takes_Effect_In_The_Term_Governs_Nothing()
    {
        var contract = Scenario.Amend(Paris.Contract(TemplateNames.MonthlyActive, "2025-01-01", "2025-02-28"), "2025-06-01", TemplateNames.AssignedSeats);

        Assert.All(Paris.Windows(contract), w => Assert.Equal(1, w.Version.Number));
    }

    [Fact]
    public void Flex_True_Forward_Has_A_Window_Per_Anniversary_Inside_The_Term_Holding_Its_Twelve_Contract_Months()
    {
        var windows = Paris.Windows(Paris.Contract(TemplateNames.FlexTrueForward, "2025-01-31", "2028-01-30", TemplateParameters.None.With(TemplateParameterRules.KnowledgeWorkers, 1000)));

        Assert.Equal(["2025-01-31_2026-01-30", "2026-01-31_2027-01-30"], Ids(windows));
        var months = windows[0].Window.SubWindows;
        Assert.Equal(12, months.Length);
        Assert.Equal(["2025-01-31_2025-02-27", "2025-02-28_2025-03-30", "2025-03-31_2025-04-29"], months.Take(3).Select(m => m.Id));
        Assert.Equal("2025-12-31_2026-01-30", months[^1].Id);
    }

    [Theory]
    [InlineData("2024-04-01", "calendar-month", "2024-04")]
    [InlineData("2024-02-29", "contract-month", "month from 2024-02-29")]
    [InlineData("2025-01-31", "contract-month", "month from 2025-01-31")]
    public void A_Month_Of_A_Contract_Year_Is_A_Calendar_Month_When_The_Year_Starts_On_The_1st_And_A_Contract_Month_Otherwise(string start, string scheme, string firstLabel)
    {
        var months = WindowCuts.ContractMonths(Scenario.Day(start), 0, DateTimeZone.Utc);

        Assert.All(months, m => Assert.Equal(scheme, Metering.Domain.Formats.RuleVocabulary.Name(m.Scheme)));
        Assert.Equal(firstLabel, Metering.Domain.Measures.RuleEvaluation.SubWindowLabel(months[0], 0));
        Assert.Equal(scheme == "calendar-month" ? "2025-03" : $"month from {months[^1].Days.Start:yyyy-MM-dd}", Metering.Domain.Measures.RuleEvaluation.SubWindowLabel(months[^1], 11));
    }

    [Fact]
    public void Month_End_Anchor_Clamps_To_February_28_And_Returns_To_The_31st()
    {
        var months = WindowCuts.ContractMonths(Scenario.Day("2025-01-31"), 0, DateTimeZone.Utc);

        Assert.Equal(
            ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30", "2025-07-31", "2025-08-31", "2025-09-30", "2025-10-31", "2025-11-30", "2025-12-31"],
            months.Select(m => m.Days.Start.ToString("yyyy-MM-dd", null)));
    }

    // A true forward at each anniversary inside the term: a one-year term has none, and a term whose last day is its
    // first anniversary has that one, for the year before it.
    [Theory]
    [InlineData("2025-12-31", new string[0])]
    [InlineData("2026-01-01", new[] { "2025-01-01_2025-12-31" })]
    [InlineData("2026-12-31", new[] { "2025-01-01_2025-12-31" })]
    [InlineData("2027-01-01", new[] { "2025-01-01_2025-12-31", "2026-01-01_2026-12-31" })]
    public void A_Flex_Term_Has_A_True_Forward_At_Each_Anniversary_Up_To_Its_Last_Day(string termEnd, string[] trueForwards)
    {
        var windows = Paris.Windows(Paris.Contract(TemplateNames.FlexTrueForward, "2025-01-01", termEnd, TemplateParameters.None.With(TemplateParameterRules.KnowledgeWorkers, 1000)));

        Assert.Equal(trueForwards, Ids(windows));
    }

    [Fact]
    public void Activity_Templates_Read_The_Window_Months_And_Facts_For_Aliases()
    {
        var needs = Paris.Window(Paris.Contract(TemplateNames.MonthlyActive, "2025-01-01", "2025-12-31"), "2025-03-01_2025-03-31").Needs;

        Assert.Equal([new YearMonth(2025, 3)], needs.PresenceMonths.ToArray());
        Assert.Equal(new YearMonth(2025, 3), needs.FactsThrough);
        Assert.Empty(needs.SessionMonths);
    }

    [Fact]
    public void Activity_Without_Alias_Resolution_Reads_No_Facts()
    {
        var contract = Paris.Contract(TemplateNames.TermLogins, "2025-01-15", "2025-04-10", TemplateParameters.None.With(TemplateParameterRules.ResolveAliases, false));

        var needs = Assert.Single(Paris.Windows(contract)).Needs;

        Assert.Equal([new YearMonth(2025, 1), new YearMonth(2025, 2), new YearMonth(2025, 3), new YearMonth(2025, 4)], needs.PresenceMonths.ToArray());
        Assert.Null(needs.FactsThrough);
    }

    [Fact]
    public void State_Templates_Read_Facts_Through_The_Window_Month_And_No_Presence()
    {
        var needs = Paris.Window(Paris.Contract(TemplateNames.RegisteredUsers, "2025-01-01", "2025-12-31"), "2025-06-01_2025-06-30").Needs;

        Assert.Empty(needs.PresenceMonths);
        Assert.Equal(new YearMonth(2025, 6), needs.FactsThrough);
    }

    [Fact]
    public void Concurrent_Users_Read_Sessions_From_The_Month_Before_Because_A_Session_Can_Spill_Over_Midnight()
    {
        var needs = Paris.Window(Paris.Contract(TemplateNames.ConcurrentUsers, "2025-01-01", "2025-12-31"), "2025-03-01_2025-03-31").Needs;

        Assert.Equal([new YearMonth(2025, 2), new YearMonth(2025, 3)], needs.SessionMonths.ToArray());
        Assert.Null(needs.FactsThrough);
        Assert.Empty(needs.PresenceMonths);
    }

    [Fact]
    public void A_True_Forward_Reads_Every_Month_Since_The_Term_Start()
    {
        var contract = Paris.Contract(TemplateNames.FlexTrueForward, "2025-01-01", "2027-12-31", TemplateParameters.None.With(TemplateParameterRules.KnowledgeWorkers, 1000));

        var needs = Paris.Window(contract, "2026-01-01_2026-12-31").Needs;

        Assert.Equal(24, needs.PresenceMonths.Length);
        Assert.Equal(new YearMonth(2025, 1), needs.PresenceMonths[0]);
        Assert.Equal(new YearMonth(2026, 12), needs.FactsThrough);
    }

    [Fact]
    public void A_First_Version_Taking_Effect_After_The_Term_Start_Is_Rejected()
    {
        var contract = Paris.Contract(TemplateNames.MonthlyActive, "2025-01-01", "2025-12-31");
        contract = contract with { Versions = [contract.Versions[0] with { Effective = Scenario.Day("2025-02-01") }] };

        Assert.Throws<ArgumentException>(() => Paris.Windows(contract));
    }

    [Fact]
    public void Two_Versions_Effective_The_Same_Day_Are_Rejected()
    {
        var contract = Scenario.Amend(Scenario.Amend(Paris.Contract(TemplateNames.MonthlyActive, "2025-01-01", "2025-12-31"), "2025-05-01", TemplateNames.AssignedSeats), "2025-05-01", TemplateNames.RegisteredUsers);

        Assert.Throws<ArgumentException>(() => Paris.Windows(contract));
    }

    private static readonly string[] CalendarTemplates =
    [
        TemplateNames.MonthlyActive, TemplateNames.ContractYearActive, TemplateNames.NinetyDayPeak, TemplateNames.TermLogins,
        TemplateNames.AssignedSeats, TemplateNames.Rolling12Months, TemplateNames.ActivatedUsers, TemplateNames.ConcurrentUsers,
    ];

    [Fact]
    public void Windows_Have_Unique_Ids_End_In_The_Days_Their_Version_Governs_And_Tile_The_Term_Unless_Rolling()
    {
        var gen =
            from start in Gen.Int[0, 3000]
            from length in Gen.Int[0, 1500]
            from amendments in Gen.Int[1, 1400].Array[0, 3]
            from templates in Gen.Int[0, CalendarTemplates.Length - 1].Array[4]
            select (start, length, amendments, templates);

        gen.Sample((start, length, amendments, templates) =>
        {
            var first = new LocalDate(2020, 1, 1).PlusDays(start);
            var contract = new Contract(
                ContractId.Parse("c-1"),
                [TenantId.Parse("acme")],
                new DateInterval(first, first.PlusDays(length)),
                2,
                [.. amendments.Prepend(0).Distinct().Order().Select((offset, i) => new ContractVersion(
                    i + 1, first.PlusDays(offset), CalendarTemplates[templates[i]], TemplateParameters.None.With(TemplateParameterRules.BillingMonths, 15).With(TemplateParameterRules.Months, 5), null, CommercialTerms.None))]);

            var windows = ContractCalendar.WindowsOf(contract, DateTimeZone.Utc);

            Assert.Equal(windows.Count, windows.Select(w => w.Window.Id).Distinct().Count());
            var governed = ContractCalendar.GovernedDays(contract).ToDictionary(g => g.Version.Number, g => g.Days);
            Assert.All(windows, w =>
            {
                // A rolling window ends on its version's days and looks back to the term start at the earliest.
                Assert.True(w.Window.Scheme == WindowSchemeKind.Rolling
                    ? contract.Term.Contains(w.Window.Days.Start) && governed[w.Version.Number].Contains(w.Window.Days.End)
                    : governed[w.Version.Number].Contains(w.Window.Days.Start) && governed[w.Version.Number].Contains(w.Window.Days.End));
                Assert.All(w.Window.SubWindows, s => Assert.True(w.Window.Days.Contains(s.Days.Start) && w.Window.Days.Contains(s.Days.End)));
            });
            var tiling = windows.Where(w => w.Window.Scheme != WindowSchemeKind.Rolling).ToList();
            if (tiling.Count == windows.Count)
            {
                Assert.Equal(contract.Term.Start, tiling[0].Window.Days.Start);
                Assert.Equal(contract.Term.End, tiling[^1].Window.Days.End);
                for (var i = 1; i < tiling.Count; i++)
                {
                    Assert.Equal(tiling[i - 1].Window.Days.End.PlusDays(1), tiling[i].Window.Days.Start);
                }
            }
        });
    }

    private static IEnumerable<string> Ids(IEnumerable<ScheduledWindow> windows) => windows.Select(w => w.Window.Id);
}

using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>Seed 000 (Tovuti): users identified by an id, e-mail or user name who interact within the 12 months from signing.</summary>
public class ContractYearActiveTests
{
    [Theory]
    [InlineData("2024-02-29", "2024-02-29_2025-02-27", 1)]
    [InlineData("2025-02-27", "2024-02-29_2025-02-27", 1)]
    [InlineData("2025-02-28", "2024-02-29_2025-02-27", 0)]
    [InlineData("2025-02-28", "2025-02-28_2026-02-27", 1)]
    [InlineData("2024-02-28", "2024-02-29_2025-02-27", 0)]
    public void A_User_Counts_In_The_Contract_Year_From_Signing_On_29_February(string day, string window, int count)
    {
        var scenario = new Scenario().Active("ana", day, EventCatalog.UserActivity);

        Assert.Equal(count, scenario.Measure(TemplateNames.ContractYearActive, "2024-02-29", "2026-02-27", window).Quantity);
    }

    [Fact]
    public void Types_Narrow_What_Counts_As_Interaction()
    {
        var scenario = new Scenario().Active("ana", "2024-03-10", EventCatalog.DataAccessed).Active("bob", "2024-04-10", EventCatalog.UserLogin);

        var measurement = scenario.Measure(TemplateNames.ContractYearActive, "2024-02-29", "2026-02-27", "2024-02-29_2025-02-27", TemplateParameters.None.With(TemplateParameterRules.Types, [EventCatalog.UserLogin]));

        Assert.Equal(["bob"], Scenario.Units(measurement).ToArray());
    }

    [Fact]
    public void A_Person_Identified_By_Id_E_Mail_And_User_Name_Counts_Once()
    {
        var scenario = new Scenario()
            .Fact("u-17", "2024-03-01T09:00:00Z", EventCatalog.UserCreated, new EventData { Aliases = ["ana@example.com", "ana.n"] })
            .Active("u-17", "2024-05-01").Active("ana@example.com", "2024-04-02").Active("ana.n", "2024-06-03");

        var measurement = scenario.Measure(TemplateNames.ContractYearActive, "2024-02-29", "2026-02-27", "2024-02-29_2025-02-27");

        var line = Assert.Single(measurement.Evidence);
        Assert.Equal(("u-17", "2024-04-02", "aliases merged: ana.n, ana@example.com"), (line.Unit.Value, line.Qualifier.Text, line.Detail));
    }

    [Fact]
    public void An_Alias_Claimed_By_Two_Users_Counts_As_Itself_And_Is_Reported()
    {
        var scenario = new Scenario()
            .Fact("u-1", "2024-03-01T09:00:00Z", EventCatalog.UserCreated, new EventData { Aliases = ["frontdesk@example.com"] })
            .Fact("u-2", "2024-03-01T09:00:00Z", EventCatalog.UserCreated, new EventData { Aliases = ["frontdesk@example.com"] })
            .Active("frontdesk@example.com", "2024-04-02").Active("u-1", "2024-04-03");

        var measurement = scenario.Measure(TemplateNames.ContractYearActive, "2024-02-29", "2026-02-27", "2024-02-29_2025-02-27");

        Assert.Equal(["frontdesk@example.com", "u-1"], Scenario.Units(measurement).ToArray());
        Assert.Equal("alias-claimed-twice", Assert.Single(measurement.Anomalies).Code);
    }

    [Fact]
    public void Without_Alias_Resolution_Each_Identifier_Counts()
    {
        var scenario = new Scenario()
            .Fact("u-17", "2024-03-01T09:00:00Z", EventCatalog.UserCreated, new EventData { Aliases = ["ana@example.com"] })
            .Active("u-17", "2024-05-01").Active("ana@example.com", "2024-04-02");

        var measurement = scenario.Measure(TemplateNames.ContractYearActive, "2024-02-29", "2026-02-27", "2024-02-29_2025-02-27", TemplateParameters.None.With(TemplateParameterRules.ResolveAliases, false));

        Assert.Equal(2, measurement.Quantity);
        Assert.Empty(measurement.Anomalies);
    }
}

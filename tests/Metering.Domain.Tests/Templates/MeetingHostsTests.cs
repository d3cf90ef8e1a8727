using Metering.Domain.Contracts;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>Seed 001 (Webex): employees who host at least one Meeting, started in Meetings, the App or by phone; an unscheduled meeting from a one-on-one space is not a Meeting.</summary>
public class MeetingHostsTests
{
    private const string March = "2025-03-01_2025-03-31";

    [Theory]
    [InlineData("meetings", true, "group", 1)]
    [InlineData("app", false, "group", 1)]
    [InlineData("pstn", false, null, 1)]
    [InlineData("app", true, "one-on-one", 1)]
    [InlineData("app", false, "one-on-one", 0)]
    [InlineData("sip-device", true, "group", 0)]
    public void A_Host_Counts_For_A_Meeting_Of_The_Counted_Origins(string origin, bool scheduled, string? space, int count)
    {
        var scenario = new Scenario().Hosted("ana", "2025-03-03", origin, scheduled, space);

        Assert.Equal(count, scenario.Measure(TemplateNames.MeetingHosts, "2025-01-01", "2025-12-31", March).Quantity);
    }

    [Fact]
    public void The_Origins_Are_A_Parameter()
    {
        var scenario = new Scenario().Hosted("ana", "2025-03-03", "sip-device").Hosted("bob", "2025-03-03", "pstn");

        var measurement = scenario.Measure(TemplateNames.MeetingHosts, "2025-01-01", "2025-12-31", March, TemplateParameters.None.With(TemplateParameterRules.Origins, ["sip-device"]));

        Assert.Equal(["ana"], Scenario.Units(measurement).ToArray());
    }

    [Fact]
    public void Attending_Or_Other_Activity_Is_Not_Hosting()
    {
        var scenario = new Scenario().Active("ana", "2025-03-03");

        Assert.Equal(0, scenario.Measure(TemplateNames.MeetingHosts, "2025-01-01", "2025-12-31", March).Quantity);
    }

    [Fact]
    public void A_Contract_Covering_Affiliates_Counts_The_Hosts_Of_Every_Tenant_And_Says_Which()
    {
        var scenario = new Scenario(tenant: "acme")
            .Hosted("ana", "2025-03-03")
            .Hosted("ana", "2025-03-04", tenant: "acme-es")
            .Hosted("luis", "2025-03-05", tenant: "acme-es")
            .Hosted("zed", "2025-03-05", tenant: "not-covered");
        var contract = scenario.Contract(TemplateNames.MeetingHosts, "2025-01-01", "2025-12-31", null, "acme", "acme-es");

        var measurement = scenario.Measure(contract, March);

        Assert.Equal([("acme", "ana"), ("acme-es", "ana"), ("acme-es", "luis")], measurement.Evidence.Select(e => (e.Tenant.Value, e.Unit.Value)));
    }
}

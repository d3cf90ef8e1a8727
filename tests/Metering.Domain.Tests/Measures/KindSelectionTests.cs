using Metering.Domain.Activity;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Templates;

namespace Metering.Domain.Tests.Measures;

public class KindSelectionTests
{
    private static readonly KindSelection MeetingHosts = new(Presets.MeetingHostsMeter(MeetingParameters.Of(TemplateParameters.None), UnitDimension.Subject));

    [Theory]
    [InlineData("meetings", true, "group", true)]
    [InlineData("app", true, "one-on-one", true)]
    [InlineData("pstn", null, null, true)]
    [InlineData("app", false, "group", true)]
    [InlineData("app", false, "one-on-one", false)]
    [InlineData("meetings", false, "one-on-one", false)]
    [InlineData("sip", true, "group", false)]
    [InlineData("Meetings", true, "group", false)]
    public void A_Meeting_Counts_From_Meetings_App_Or_Pstn_Unless_Unscheduled_In_A_One_On_One_Space(string origin, bool? scheduled, string? space, bool counts) =>
        Assert.Equal(counts, MeetingHosts.Selects(new ActivityKind(EventCatalog.MeetingHosted, "cloud", origin, scheduled, space)));

    [Fact]
    public void A_Kind_Of_Another_Type_Is_Not_Selected() =>
        Assert.False(MeetingHosts.Selects(new ActivityKind(EventCatalog.UserLogin, "cloud")));

    [Fact]
    public void An_Absent_Field_Matches_The_Value_Null()
    {
        var selection = new KindSelection(new MeterSpec([EventCatalog.ContentOpened], [new KindCondition("action", ["null", "launch"])], [], UnitDimension.Subject, false));

        Assert.True(selection.Selects(new ActivityKind(EventCatalog.ContentOpened)));
        Assert.True(selection.Selects(new ActivityKind(EventCatalog.ContentOpened, Action: "launch")));
        Assert.False(selection.Selects(new ActivityKind(EventCatalog.ContentOpened, Action: "download")));
    }

    [Fact]
    public void A_Condition_On_A_Field_Kinds_Do_Not_Have_Is_Rejected() =>
        Assert.Throws<ArgumentException>(() => new KindSelection(new MeterSpec([EventCatalog.UserLogin], [new KindCondition("colour", ["red"])], [], UnitDimension.Subject, false)));
}

using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Templates;
using NodaTime;

namespace Metering.Domain.Tests.Templates;

/// <summary>Each template binds what a contract gives into a parameters record of its own, defaults applied (docs/contracts.md, "Template parameters").</summary>
public sealed class TemplateParameterBindingTests
{
    private static TParameters Bind<TParameters>(string template, TemplateParameters parameters)
        where TParameters : notnull
    {
        Assert.True(TemplateCatalog.TryFind(template, out var found));
        return Assert.IsAssignableFrom<RuleTemplate<TParameters>>(found).Bind(parameters);
    }

    [Fact]
    public void A_Flex_Plan_With_Only_Its_Knowledge_Workers_Takes_Every_Default()
    {
        var flex = Bind<FlexParameters>(TemplateNames.FlexTrueForward, TemplateParameters.None.With(TemplateParameterRules.KnowledgeWorkers, 300));

        Assert.Equal(new FlexParameters(300, null, null, 15m, "knowledge-workers", 40, 15m, new MeetingParameters(TemplateCatalog.DefaultOrigins, true)), flex);
    }

    [Fact]
    public void A_Flex_Plan_Below_250_Knowledge_Workers_Does_Not_Bind()
    {
        Assert.Throws<ArgumentException>(() => Bind<FlexParameters>(TemplateNames.FlexTrueForward, TemplateParameters.None.With(TemplateParameterRules.KnowledgeWorkers, 249)));
        Assert.Throws<ArgumentException>(() => Bind<FlexParameters>(TemplateNames.FlexTrueForward, TemplateParameters.None));
    }

    [Fact]
    public void Activity_Templates_Count_Every_Activity_Type_Unless_Told_And_Logins_Only_Where_The_Clause_Says_So()
    {
        var monthly = Bind<ActivityParameters>(TemplateNames.MonthlyActive, TemplateParameters.None);
        var logins = Bind<ActivityParameters>(TemplateNames.UniqueLogins, TemplateParameters.None.With(TemplateParameterRules.ResolveAliases, false));

        Assert.Equal(EventCatalog.ActivityTypes.Select(t => t.Name), monthly.Types);
        Assert.True(monthly.ResolveAliases);
        Assert.Equal(new[] { EventCatalog.UserLogin }, logins.Types.ToArray());
        Assert.False(logins.ResolveAliases);
    }

    [Fact]
    public void Numbers_Take_Their_Defaults_And_Refuse_Zero()
    {
        Assert.Equal(12, Bind<RollingParameters>(TemplateNames.Rolling12Months, TemplateParameters.None).Months);
        Assert.Equal(Duration.FromMinutes(30), Bind<ConcurrencyParameters>(TemplateNames.ConcurrentUsers, TemplateParameters.None).IdleTimeout);
        Assert.Equal("administrator", Bind<AdministratorParameters>(TemplateNames.ActiveFlagUsers, TemplateParameters.None).AdministratorRole);
        Assert.Throws<ArgumentException>(() => Bind<BillingRunParameters>(TemplateNames.ActivatedUsers, TemplateParameters.None.With(TemplateParameterRules.BillingMonths, 0)));
        Assert.Throws<ArgumentException>(() => Bind<RollingParameters>(TemplateNames.Rolling12Months, TemplateParameters.None.With(TemplateParameterRules.Months, 0)));
    }
}

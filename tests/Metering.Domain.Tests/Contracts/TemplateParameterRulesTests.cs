using Metering.Domain.Contracts;
using Metering.Domain.Templates;

namespace Metering.Domain.Tests.Contracts;

public sealed class TemplateParameterRulesTests
{
    [Fact]
    public void Every_Template_Of_The_Spec_And_Generic_Has_Its_Parameter_Rules()
    {
        foreach (var template in TemplateNames.All.Append(ContractVersion.Generic))
        {
            Assert.True(TemplateParameterRules.TryGet(template, out _), template);
        }
    }

    [Fact]
    public void A_Parameter_Name_Means_One_Type_In_Every_Template_That_Takes_It()
    {
        var declarations = TemplateNames.All.SelectMany(t => TemplateParameterRules.For(t)).GroupBy(r => r.Name, StringComparer.Ordinal);

        Assert.All(declarations, d => Assert.Single(d.Select(r => r.Type).Distinct()));
        Assert.Equal(TemplateParameterRules.ParameterNames.Order(StringComparer.Ordinal), declarations.Select(d => d.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(TemplateNames.ActivatedUsers, TemplateParameterRules.BillingMonths, 1, 120)]
    [InlineData(TemplateNames.ConcurrentUsers, TemplateParameterRules.IdleTimeoutMinutes, 1, 1440)]
    [InlineData(TemplateNames.Rolling12Months, TemplateParameterRules.Months, 1, 120)]
    public void Ranges_Are_Inclusive_At_Both_Ends(string template, string parameter, int minimum, int maximum)
    {
        var rule = TemplateParameterRules.For(template).Single(r => r.Name == parameter);

        Assert.Equal(minimum, rule.Minimum);
        Assert.Equal(maximum, rule.Maximum);
    }

    [Fact]
    public void Flex_Plan_Requires_Knowledge_Workers_With_The_Eligibility_Clause()
    {
        var rule = TemplateParameterRules.For(TemplateNames.FlexTrueForward).Single(r => r.Name == TemplateParameterRules.KnowledgeWorkers);

        Assert.True(rule.Required);
        Assert.Equal(250, rule.Minimum);
        Assert.NotNull(rule.Eligibility);
    }

    [Fact]
    public void Generic_Takes_No_Parameters()
    {
        Assert.Empty(TemplateParameterRules.For(ContractVersion.Generic));
    }

    [Fact]
    public void Unknown_Template_Has_No_Rules()
    {
        Assert.False(TemplateParameterRules.TryGet("weekly-active", out _));
        Assert.Throws<KeyNotFoundException>(() => TemplateParameterRules.For("weekly-active"));
    }
}

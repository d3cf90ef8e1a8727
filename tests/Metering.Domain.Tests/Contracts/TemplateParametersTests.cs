using Metering.Domain.Contracts;
using Metering.Domain.Templates;

namespace Metering.Domain.Tests.Contracts;

public sealed class TemplateParametersTests
{
    [Fact]
    public void Parameters_Given_In_Any_Order_Are_Equal()
    {
        var one = TemplateParameters.None.With(TemplateParameterRules.Months, 3).With(TemplateParameterRules.Types, ["user.login", "app.launched"]);
        var other = TemplateParameters.None.With(TemplateParameterRules.Types, ["user.login", "app.launched"]).With(TemplateParameterRules.Months, 3);

        Assert.Equal(one, other);
        Assert.Equal(one.GetHashCode(), other.GetHashCode());
    }

    [Fact]
    public void Lists_Are_Equal_By_Their_Strings_In_Order_Not_By_Reference()
    {
        var one = TemplateParameters.None.With(TemplateParameterRules.Origins, ["pstn", "app"]);

        Assert.Equal(one, TemplateParameters.None.With(TemplateParameterRules.Origins, ["pstn", "app"]));
        Assert.NotEqual(one, TemplateParameters.None.With(TemplateParameterRules.Origins, ["app", "pstn"]));
    }

    [Fact]
    public void A_Value_Replaces_The_One_Given_Before()
    {
        var parameters = TemplateParameters.None.With(TemplateParameterRules.Months, 3).With(TemplateParameterRules.Months, 6);

        Assert.Equal(6, parameters.Integer(TemplateParameterRules.Months));
        Assert.Equal(1, parameters.Count);
    }

    [Fact]
    public void An_Absent_Parameter_Reads_As_Null_So_The_Template_Default_Applies()
    {
        Assert.Null(TemplateParameters.None.Integer(TemplateParameterRules.BillingMonths));
        Assert.Null(TemplateParameters.None.TextList(TemplateParameterRules.Types));
        Assert.Equal(0, TemplateParameters.None.Count);
    }

    [Fact]
    public void Reading_A_Parameter_As_Another_Type_Names_Both_Types()
    {
        var parameters = TemplateParameters.None.With(TemplateParameterRules.MinimumPercent, 15m);

        var error = Assert.Throws<InvalidOperationException>(() => parameters.Integer(TemplateParameterRules.MinimumPercent));
        Assert.Equal("Parameter 'minimumPercent' holds decimal 15, not integer.", error.Message);
    }

    [Fact]
    public void Parameters_Read_In_A_Message_By_Name()
    {
        var parameters = TemplateParameters.None.With(TemplateParameterRules.Types, ["user.login"]).With(TemplateParameterRules.Months, 3).With(TemplateParameterRules.ResolveAliases, false);

        Assert.Equal("{months: 3, resolveAliases: false, types: [user.login]}", parameters.ToString());
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Metering.Domain.Formats;
using Metering.Domain.Templates;
using Metering.Testing;

namespace Metering.Domain.Tests.Contracts;

/// <summary>
/// The contract schema is written from the template catalogue: each template's branch holds exactly the parameters
/// the template declares, so the schema and the reader agree on every template without a list kept by hand.
/// </summary>
public sealed class ContractJsonSchemaTests
{
    public static TheoryData<string> Templates => [.. TemplateNames.All];

    [Fact]
    public void There_Is_One_Branch_Per_Template_Of_The_Catalogue_And_One_For_Generic()
    {
        var branches = JsonNode.Parse(ContractJsonSchema.Text)!["definitions"]!["version"]!["oneOf"]!.AsArray();

        Assert.Equal(
            TemplateNames.All.Append("generic"),
            branches.Select(b => b!["properties"]!["template"]!["enum"]!.AsArray().Single()!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void A_Templates_Branch_Names_Exactly_Its_Declared_Parameters_And_Which_Are_Required(string template)
    {
        var declared = TemplateParameterRules.For(template);
        var definition = JsonNode.Parse(ContractJsonSchema.Text)!["definitions"]![$"parameters-{template}"]!;

        Assert.Equal(declared.Select(p => p.Name), definition["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(
            declared.Where(p => p.Required).Select(p => p.Name),
            definition["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? []);
        Assert.False(definition["additionalProperties"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task The_Schema_And_The_Reader_Agree_On_Each_Templates_Required_Parameters_And_On_A_Parameter_It_Does_Not_Take(string template)
    {
        var declared = TemplateParameterRules.For(template);
        var required = declared.Where(p => p.Required).ToDictionary(p => p.Name, p => (object)(p.Minimum ?? 1));
        var foreign = TemplateParameterRules.ParameterNames.First(n => declared.All(p => p.Name != n));

        var minimal = Document(template, required);
        var withForeign = Document(template, new Dictionary<string, object>(required) { [foreign] = Sample(foreign) });

        Assert.True(ContractReader.Read(minimal).IsValid, string.Join("\n", ContractReader.Read(minimal).Problems));
        await ContractSchema.AssertValidAsync(minimal);
        Assert.False(ContractReader.Read(withForeign).IsValid);
        await ContractSchema.AssertInvalidAsync(withForeign);
        if (required.Count > 0)
        {
            var none = Document(template, []);
            Assert.False(ContractReader.Read(none).IsValid);
            await ContractSchema.AssertInvalidAsync(none);
        }
    }

    private static object Sample(string parameter)
    {
        var rule = TemplateNames.All.SelectMany(t => TemplateParameterRules.For(t)).First(p => p.Name == parameter);
        return rule.Type switch
        {
            TemplateParameterType.Boolean => true,
            TemplateParameterType.Text => rule.Allowed.IsDefaultOrEmpty ? "x" : rule.Allowed[0],
            TemplateParameterType.TextList => rule.Allowed.IsDefaultOrEmpty ? ["x"] : new[] { rule.Allowed[0] },
            _ => rule.Minimum ?? 1,
        };
    }

    private static string Document(string template, Dictionary<string, object> parameters) =>
        $$"""
        { "id": "schema-{{template}}", "tenants": ["acme"], "term": { "start": "2025-01-01", "end": "2025-12-31" },
          "versions": [{ "version": 1, "effective": "2025-01-01", "template": "{{template}}", "parameters": {{JsonSerializer.Serialize(parameters)}} }] }
        """;
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Metering.Domain.Contracts;
using Metering.Domain.Templates;

namespace Metering.Domain.Formats;

/// <summary>
/// The JSON Schema (draft-07) of a contract document (docs/contracts.md): a frame that states everything but the
/// templates (term, tenants, commercial terms, the generic rule), to which each template of
/// <see cref="TemplateCatalog"/> adds a branch with its name, its parameters as it declares them
/// (<see cref="RuleTemplate.Parameters"/>) and the commercial terms it accepts. A template's parameters are thus
/// declared once, in its own folder, and the schema cannot fall behind the reader. Rules the schema cannot state
/// (a term's order, version dates, limits across fields, parameters that depend on each other) are the reader's.
/// </summary>
public static class ContractJsonSchema
{
    private const string FrameResource = "Metering.Domain.Formats.ContractSchema.frame.json";

    private static readonly Lazy<string> Document = new(Build);

    /// <summary>The schema, indented, ending in a line feed.</summary>
    public static string Text => Document.Value;

    private static string Build()
    {
        var schema = ReadFrame();
        var definitions = schema["definitions"]!.AsObject();
        var branches = definitions["version"]!["oneOf"]!.AsArray();
        var generic = branches.Single()!;
        branches.Clear();
        foreach (var template in TemplateCatalog.All)
        {
            definitions[ParametersDefinition(template)] = Parameters(template);
            branches.Add(Branch(template));
        }

        branches.Add(generic);
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonObject ReadFrame()
    {
        using var stream = typeof(ContractJsonSchema).Assembly.GetManifestResourceStream(FrameResource)
            ?? throw new InvalidOperationException($"The resource {FrameResource} is missing from the domain assembly.");
        return JsonNode.Parse(stream)!.AsObject();
    }

    private static string ParametersDefinition(RuleTemplate template) => "parameters-" + template.Name;

    private static JsonObject Branch(RuleTemplate template)
    {
        var branch = new JsonObject
        {
            ["description"] = $"{template.Name}: docs/rules.md, 5.",
            ["properties"] = new JsonObject
            {
                ["template"] = new JsonObject { ["enum"] = new JsonArray(template.Name) },
                ["parameters"] = new JsonObject { ["$ref"] = "#/definitions/" + ParametersDefinition(template) },
                ["commercial"] = new JsonObject { ["$ref"] = template.PricesTrueForward ? "#/definitions/commercial-true-forward" : "#/definitions/commercial" },
            },
            ["not"] = new JsonObject { ["required"] = new JsonArray("rule") },
        };
        if (template.Parameters.Any(p => p.Required))
        {
            branch["required"] = new JsonArray("parameters");
        }

        return branch;
    }

    private static JsonObject Parameters(RuleTemplate template)
    {
        var properties = new JsonObject();
        foreach (var parameter in template.Parameters)
        {
            properties[parameter.Name] = Parameter(parameter);
        }

        var definition = new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = properties,
        };
        var required = template.Parameters.Where(p => p.Required).Select(p => (JsonNode?)p.Name).ToArray();
        if (required.Length > 0)
        {
            definition["required"] = new JsonArray(required);
        }

        return definition;
    }

    private static JsonObject Parameter(TemplateParameterRule parameter)
    {
        var schema = parameter.Type switch
        {
            TemplateParameterType.Integer => Range(new JsonObject { ["type"] = "integer" }, parameter),
            TemplateParameterType.Decimal => parameter is { Minimum: 0, Maximum: 100 }
                ? new JsonObject { ["$ref"] = "#/definitions/percent" }
                : new JsonObject
                {
                    ["anyOf"] = new JsonArray(
                        new JsonObject { ["type"] = "string", ["pattern"] = parameter.Minimum >= 0 ? "^[0-9]+(\\.[0-9]+)?$" : "^-?[0-9]+(\\.[0-9]+)?$" },
                        Range(new JsonObject { ["type"] = "number" }, parameter)),
                },
            TemplateParameterType.Boolean => new JsonObject { ["type"] = "boolean" },
            TemplateParameterType.Text => StringSchema(parameter),
            _ => new JsonObject
            {
                ["type"] = "array",
                ["minItems"] = 1,
                ["maxItems"] = parameter.Allowed.IsDefaultOrEmpty ? ContractLimits.MaximumValues : parameter.Allowed.Length,
                ["uniqueItems"] = true,
                ["items"] = StringSchema(parameter),
            },
        };
        if (Description(parameter) is { } description)
        {
            schema["description"] = description;
        }

        return schema;
    }

    private static JsonObject Range(JsonObject schema, TemplateParameterRule parameter)
    {
        if (parameter.Minimum is { } minimum)
        {
            schema["minimum"] = minimum;
        }

        if (parameter.Maximum is { } maximum)
        {
            schema["maximum"] = maximum;
        }

        return schema;
    }

    /// <summary>A string as the reader takes one: 1 to 64 characters, one of the allowed values when the template names them.</summary>
    private static JsonObject StringSchema(TemplateParameterRule parameter) =>
        parameter.Allowed.IsDefaultOrEmpty
            ? new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 64 }
            : new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. parameter.Allowed.Select(a => (JsonNode?)a)]) };

    private static string? Description(TemplateParameterRule parameter)
    {
        var parts = new List<string>();
        if (parameter.Eligibility is { } eligibility)
        {
            parts.Add(eligibility + ".");
        }

        if (parameter.Default is { } byDefault)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"Default: {byDefault}."));
        }

        return parts.Count == 0 ? null : string.Join(" ", parts);
    }
}

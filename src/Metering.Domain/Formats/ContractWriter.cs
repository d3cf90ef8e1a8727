using System.Text.Json;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;
using Metering.Domain.Templates;

namespace Metering.Domain.Formats;

/// <summary>
/// Writes a <see cref="Contract"/> in the document format that <see cref="ContractReader"/> reads, with fields
/// in a fixed order and parameters only where the contract gives them (defaults stay implicit), so that reading
/// the output gives the same contract and writing it again gives the same bytes.
/// </summary>
public static class ContractWriter
{
    /// <summary>The contract as canonical UTF-8 JSON.</summary>
    public static byte[] Write(Contract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CanonicalJson.Indented))
        {
            writer.WriteStartObject();
            writer.WriteString("id", contract.Id.Value);
            if (contract.Name is not null)
            {
                writer.WriteString("name", contract.Name);
            }

            writer.WriteStartArray("tenants");
            foreach (var tenant in contract.Tenants)
            {
                writer.WriteStringValue(tenant.Value);
            }

            writer.WriteEndArray();
            writer.WriteStartObject("term");
            writer.WriteString("start", CanonicalJson.Date(contract.Term.Start));
            writer.WriteString("end", CanonicalJson.Date(contract.Term.End));
            writer.WriteEndObject();
            writer.WriteNumber("graceDays", contract.GraceDays);
            writer.WriteStartArray("versions");
            foreach (var version in contract.Versions)
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", version.Number);
                writer.WriteString("effective", CanonicalJson.Date(version.Effective));
                writer.WriteString("template", version.Template);
                writer.WritePropertyName("parameters");
                WriteParameters(writer, version.Template, version.Parameters);
                if (version.Rule is not null)
                {
                    writer.WritePropertyName("rule");
                    WriteRule(writer, version.Rule);
                }

                if (version.Commercial != CommercialTerms.None)
                {
                    writer.WritePropertyName("commercial");
                    WriteCommercial(writer, version.Commercial);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>
    /// The parameters a contract gives <paramref name="template"/>, as an object in the order the template declares
    /// them (<see cref="RuleTemplate.Parameters"/>); a parameter it does not declare, which only an unchecked version
    /// can hold, follows in ordinal order.
    /// </summary>
    internal static void WriteParameters(Utf8JsonWriter writer, string template, TemplateParameters parameters)
    {
        var declared = TemplateCatalog.TryFind(template, out var found) ? found.Parameters.Select(r => r.Name).ToList() : [];
        writer.WriteStartObject();
        foreach (var name in declared.Where(n => parameters.Values.ContainsKey(n)).Concat(parameters.Values.Keys.Except(declared, StringComparer.Ordinal)))
        {
            switch (parameters.Values[name])
            {
                case ParameterValue.Integer whole:
                    writer.WriteNumber(name, whole.Value);
                    break;
                case ParameterValue.Decimal fraction:
                    writer.WriteString(name, CanonicalJson.Decimal(fraction.Value));
                    break;
                case ParameterValue.Boolean flag:
                    writer.WriteBoolean(name, flag.Value);
                    break;
                case ParameterValue.Text text:
                    writer.WriteString(name, text.Value);
                    break;
                case ParameterValue.TextList list:
                    writer.WriteStrings(name, list.Values);
                    break;
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>A generic rule in the shape <c>docs/contracts.md</c> describes.</summary>
    internal static void WriteRule(Utf8JsonWriter writer, RuleSpec rule)
    {
        writer.WriteStartObject();
        if (rule.Meter is { } meter)
        {
            writer.WriteStartObject("meter");
            writer.WriteStartArray("types");
            foreach (var type in meter.Types)
            {
                writer.WriteStringValue(type);
            }

            writer.WriteEndArray();
            writer.WritePropertyName("include");
            WriteConditions(writer, meter.Include);
            writer.WriteStartArray("exclude");
            foreach (var conjunction in meter.Exclude)
            {
                WriteConditions(writer, conjunction);
            }

            writer.WriteEndArray();
            writer.WriteString("unit", RuleVocabulary.Name(meter.Unit));
            writer.WriteBoolean("resolveAliases", meter.ResolveAliases);
            writer.WriteEndObject();
        }

        if (rule.State is { } state)
        {
            writer.WriteStartObject("state");
            writer.WriteString("family", RuleVocabulary.Name(state.Family));
            writer.WriteStartArray("allOf");
            foreach (var condition in state.AllOf)
            {
                writer.WriteStartObject();
                writer.WriteString("atom", RuleVocabulary.Name(condition.Atom));
                if (condition.Argument is { } argument)
                {
                    writer.WriteString("argument", argument);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteStartObject("window");
        writer.WriteString("scheme", RuleVocabulary.Name(rule.Window.Kind));
        if (rule.Window.Kind == WindowSchemeKind.Rolling)
        {
            writer.WriteNumber("months", rule.Window.Months);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("measure");
        writer.WriteString("kind", RuleVocabulary.Name(rule.Measure.Kind));
        if (rule.Measure.Policy is { } policy)
        {
            writer.WriteString("policy", RuleVocabulary.Name(policy));
        }

        if (rule.Measure.IdleTimeout is { } idle)
        {
            writer.WriteNumber("idleTimeoutMinutes", (long)idle.TotalMinutes);
        }

        if (rule.Measure.BillingMonths is { } months)
        {
            writer.WriteNumber("billingMonths", months);
        }

        if (rule.Measure.Inner is { } inner)
        {
            writer.WriteString("inner", RuleVocabulary.Name(inner));
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Commercial terms with prices as decimal strings, as given.</summary>
    internal static void WriteCommercial(Utf8JsonWriter writer, CommercialTerms terms)
    {
        writer.WriteStartObject();
        if (terms.Currency is { } currency)
        {
            writer.WriteString("currency", currency);
        }

        writer.WriteOptionalDecimal("unitPrice", terms.UnitPrice);
        writer.WriteOptionalNumber("includedUnits", terms.IncludedUnits);
        writer.WriteOptionalDecimal("overageUnitPrice", terms.OverageUnitPrice);
        writer.WriteOptionalNumber("minimumQuantity", terms.MinimumQuantity);
        writer.WriteOptionalDecimal("minimumAmount", terms.MinimumAmount);
        writer.WriteOptionalDecimal("perUserFee", terms.PerUserFee);
        writer.WriteOptionalDecimal("annualUnitPrice", terms.AnnualUnitPrice);
        if (terms.Progressive)
        {
            writer.WriteBoolean("progressive", true);
        }

        writer.WriteEndObject();
    }

    private static void WriteConditions(Utf8JsonWriter writer, IEnumerable<KindCondition> conditions)
    {
        writer.WriteStartArray();
        foreach (var condition in conditions)
        {
            writer.WriteStartObject();
            writer.WriteString("field", condition.Field);
            writer.WriteStartArray("values");
            foreach (var value in condition.Values)
            {
                // The kind's "absent" value is the JSON null of the document format.
                if (value == "null")
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteStringValue(value);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}

using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Metering.Domain.Commercial;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Domain.Tenants;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Formats;

/// <summary>
/// Reads a contract document (the JSON format of <c>docs/contracts.md</c> and <see cref="ContractJsonSchema"/>)
/// into a <see cref="Contract"/>, checking everything that can be checked without the tenant registry and
/// listing every problem with the JSON path of its field. The term's days are both inclusive; a version governs
/// from its effective day to the day before the next version's; money is read exactly as a decimal. The checks
/// that need the registry (tenants registered, one billing zone) are <see cref="ContractTenancy"/>'s.
/// </summary>
public static class ContractReader
{
    /// <summary>Grace days when the contract gives none (docs/contracts.md, <c>graceDays</c>: default 2).</summary>
    public const int DefaultGraceDays = 2;

    /// <summary>The largest grace period a contract may ask for: a year of days, leap day included.</summary>
    public const int MaximumGraceDays = 366;

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,

        // A field given twice is ambiguous: which price did the parties sign?
        AllowDuplicateProperties = false,
    };

    /// <summary>Reads a UTF-8 contract document.</summary>
    public static ContractReadResult Read(ReadOnlyMemory<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, Options);
        }
        catch (JsonException e)
        {
            return new ContractReadResult(null, [new ContractProblem("$", ContractProblemCode.MalformedJson, e.Message)]);
        }

        using (document)
        {
            var input = new JsonInput();
            var contract = ReadContract(input, document.RootElement);
            return input.Count == 0 && contract is not null
                ? new ContractReadResult(contract, [])
                : new ContractReadResult(null, [.. input.Problems]);
        }
    }

    /// <summary>Reads a contract document given as text.</summary>
    public static ContractReadResult Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Read(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>
    /// Reads the parameters of a template (absent means none given) and checks them against
    /// <see cref="TemplateParameterRules"/>; also used to read an invoice back.
    /// </summary>
    internal static TemplateParameters ReadParameters(JsonInput input, JsonElement? given, string path, string template)
    {
        var parameters = TemplateParameters.None;
        if (given is { } element && element.ValueKind != JsonValueKind.Object)
        {
            input.Add(path, ContractProblemCode.WrongType, "must be a JSON object");
            return parameters;
        }

        var known = TemplateParameterRules.TryGet(template, out var rules);
        var properties = given is { } present ? present.EnumerateObject().ToList() : [];
        foreach (var property in properties)
        {
            var propertyPath = ContractPath.Field(path, property.Name);
            if (!TemplateParameterRules.ParameterNames.Contains(property.Name))
            {
                input.Add(propertyPath, ContractProblemCode.UnknownProperty, $"'{property.Name}' is not a template parameter");
                continue;
            }

            if (!known)
            {
                continue;
            }

            var rule = rules.FirstOrDefault(r => r.Name == property.Name);
            if (rule is null)
            {
                var accepted = rules.IsEmpty ? "no parameters" : string.Join(", ", rules.Select(r => r.Name));
                input.Add(propertyPath, ContractProblemCode.NotAccepted, template == ContractVersion.Generic
                    ? "generic takes no parameters: its rule states everything"
                    : $"{template} does not take '{property.Name}'; it takes {accepted}");
                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            parameters = ReadParameter(input, property.Value, propertyPath, rule, parameters);
        }

        if (!known)
        {
            return parameters;
        }

        foreach (var rule in rules.Where(r => r.Required && !properties.Any(p => p.Name == r.Name && p.Value.ValueKind != JsonValueKind.Null)))
        {
            input.Add(ContractPath.Field(path, rule.Name), ContractProblemCode.Required, rule.Eligibility is { } clause
                ? $"{template} requires '{rule.Name}'. {clause}"
                : $"{template} requires '{rule.Name}'");
        }

        foreach (var (parameter, message) in TemplateParameterRules.Inconsistencies(template, parameters))
        {
            input.Add(ContractPath.Field(path, parameter), ContractProblemCode.Inconsistent, $"'{parameter}' {message}");
        }

        return parameters;
    }

    private static TemplateParameters ReadParameter(JsonInput input, JsonElement value, string path, TemplateParameterRule rule, TemplateParameters parameters) =>
        ReadValue(input, value, path, rule) is { } read ? parameters.With(rule.Name, read) : parameters;

    /// <summary>The value of one parameter, of the type its rule gives, or null (with the problems added) when it is not one.</summary>
    private static ParameterValue? ReadValue(JsonInput input, JsonElement value, string path, TemplateParameterRule rule)
    {
        switch (rule.Type)
        {
            case TemplateParameterType.Integer:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var whole))
                {
                    input.Add(path, ContractProblemCode.WrongType, "must be a whole number");
                    return null;
                }

                return InRange(input, path, rule, whole) ? new ParameterValue.Integer(whole) : null;

            case TemplateParameterType.Decimal:
                return input.Decimal(value, path) is { } fraction && InRange(input, path, rule, fraction) ? new ParameterValue.Decimal(fraction) : null;

            case TemplateParameterType.Boolean:
                return input.Boolean(value, path) is { } flag ? new ParameterValue.Boolean(flag) : null;

            case TemplateParameterType.Text:
                return input.String(value, path, 64) is { } text && Allowed(input, path, rule, text) ? new ParameterValue.Text(text) : null;

            default:
                var items = new List<string>();
                var before = input.Count;
                var maxItems = rule.Allowed.IsDefaultOrEmpty ? ContractLimits.MaximumValues : rule.Allowed.Length;
                foreach (var (item, itemPath) in input.Array(value, path, 1, maxItems) ?? [])
                {
                    if (input.String(item, itemPath, 64) is not { } entry || !Allowed(input, itemPath, rule, entry))
                    {
                        continue;
                    }

                    if (items.Contains(entry))
                    {
                        input.Add(itemPath, ContractProblemCode.Duplicate, $"'{entry}' is listed twice");
                        continue;
                    }

                    items.Add(entry);
                }

                return input.Count == before ? new ParameterValue.TextList([.. items]) : null;
        }
    }

    private static bool InRange(JsonInput input, string path, TemplateParameterRule rule, decimal value)
    {
        if ((rule.Minimum is { } min && value < min) || (rule.Maximum is { } max && value > max))
        {
            if (rule.Eligibility is { } clause && rule.Minimum is { } floor && value < floor)
            {
                input.Add(path, ContractProblemCode.NotEligible, FormattableString.Invariant($"{clause}; the order has {value}, the contract is rejected"));
            }
            else
            {
                input.Add(path, ContractProblemCode.OutOfRange, JsonInput.RangeMessage(rule.Minimum, rule.Maximum, value));
            }

            return false;
        }

        return true;
    }

    private static bool Allowed(JsonInput input, string path, TemplateParameterRule rule, string value)
    {
        if (rule.Allowed.IsDefaultOrEmpty || rule.Allowed.Contains(value))
        {
            return true;
        }

        input.Add(path, ContractProblemCode.InvalidValue, $"'{value}' is not accepted; expected one of {string.Join(", ", rule.Allowed)}");
        return false;
    }

    private static Contract? ReadContract(JsonInput input, JsonElement root)
    {
        if (!input.Object(root, string.Empty, "id", "name", "tenants", "term", "graceDays", "versions"))
        {
            return null;
        }

        ContractId? id = null;
        if (input.String(input.Required(root, string.Empty, "id"), "id", 63) is { } idText)
        {
            if (ContractId.TryParse(idText, out var parsed))
            {
                id = parsed;
            }
            else
            {
                input.Add("id", ContractProblemCode.InvalidValue, $"'{idText}' is not a contract id: expected [a-z0-9][a-z0-9-]{{0,62}}");
            }
        }

        var name = input.String(JsonInput.Optional(root, "name"), "name", 200);
        var tenants = ReadTenants(input, input.Required(root, string.Empty, "tenants"));
        var term = ReadTerm(input, input.Required(root, string.Empty, "term"));
        var graceDays = input.Integer(JsonInput.Optional(root, "graceDays"), "graceDays", 0, MaximumGraceDays) ?? DefaultGraceDays;

        var versions = ImmutableArray.CreateBuilder<ContractVersion>();
        LocalDate? previousEffective = null;
        var index = 0;
        foreach (var (item, path) in input.Array(input.Required(root, string.Empty, "versions"), "versions", 1, ContractLimits.MaximumVersions) ?? [])
        {
            var version = ReadVersion(input, item, path, index++, term, ref previousEffective);
            if (version is not null)
            {
                versions.Add(version);
            }
        }

        if (input.Count != 0 || id is not { } contractId || term is null)
        {
            return null;
        }

        var contract = new Contract(contractId, tenants, term, (int)graceDays, versions.ToImmutable(), name);
        return WithinWindowLimit(input, contract) ? contract : null;
    }

    /// <summary>
    /// Whether the contract calendar cuts the term into at most <see cref="ContractLimits.MaximumWindows"/> windows.
    /// Windows are unions of local days, so their number does not depend on the billing zone, which the reader does
    /// not know: UTC stands in for it. The term and version limits keep this computation small.
    /// </summary>
    private static bool WithinWindowLimit(JsonInput input, Contract contract)
    {
        int windows;
        try
        {
            windows = ContractCalendar.WindowsOf(contract, DateTimeZone.Utc).Count;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException)
        {
            // The checks above leave the calendar nothing to refuse; should one slip through, the contract could
            // never be closed, so it is refused here rather than at every close.
            input.Add("versions", ContractProblemCode.Inconsistent, $"the contract calendar cannot cut the term into windows: {e.Message}");
            return false;
        }

        if (windows <= ContractLimits.MaximumWindows)
        {
            return true;
        }

        input.Add("versions", ContractProblemCode.TooLarge, FormattableString.Invariant(
            $"the term and the versions' window schemes make {windows} billing windows; a contract has at most {ContractLimits.MaximumWindows} (fewer amendments, or amendments on window boundaries, make fewer)"));
        return false;
    }

    private static ImmutableArray<TenantId> ReadTenants(JsonInput input, JsonElement? element)
    {
        var tenants = ImmutableArray.CreateBuilder<TenantId>();
        foreach (var (item, path) in input.Array(element, "tenants", 1, ContractLimits.MaximumTenants) ?? [])
        {
            if (input.String(item, path, 63) is not { } text)
            {
                continue;
            }

            if (!TenantId.TryParse(text, out var tenant))
            {
                input.Add(path, ContractProblemCode.InvalidValue, $"'{text}' is not a tenant id: expected [a-z0-9][a-z0-9-]{{0,62}}");
            }
            else if (tenants.Contains(tenant.Value))
            {
                input.Add(path, ContractProblemCode.Duplicate, $"tenant '{text}' is listed twice");
            }
            else
            {
                tenants.Add(tenant.Value);
            }
        }

        return tenants.ToImmutable();
    }

    private static DateInterval? ReadTerm(JsonInput input, JsonElement? element)
    {
        if (element is not { } e || !input.Object(e, "term", "start", "end"))
        {
            return null;
        }

        var start = input.Date(input.Required(e, "term", "start"), "term.start");
        var end = input.Date(input.Required(e, "term", "end"), "term.end");
        if (start is not { } s || end is not { } en)
        {
            return null;
        }

        var inCalendar = InCalendar(input, "term.start", s) & InCalendar(input, "term.end", en);
        if (!inCalendar)
        {
            return null;
        }

        if (s > en)
        {
            input.Add("term.end", ContractProblemCode.OutOfRange, $"the term ends ({en:yyyy'-'MM'-'dd}) before it starts ({s:yyyy'-'MM'-'dd}); both days are inclusive");
            return null;
        }

        if (en > ContractLimits.LatestTermEnd(s))
        {
            input.Add("term.end", ContractProblemCode.OutOfRange, FormattableString.Invariant(
                $"a term lasts at most {ContractLimits.MaximumTermYears} years: starting on {s:yyyy'-'MM'-'dd}, it ends on {ContractLimits.LatestTermEnd(s):yyyy'-'MM'-'dd} at the latest; got {en:yyyy'-'MM'-'dd}"));
            return null;
        }

        return new DateInterval(s, en);
    }

    private static bool InCalendar(JsonInput input, string path, LocalDate day)
    {
        if (day >= ContractLimits.EarliestDay && day <= ContractLimits.LatestDay)
        {
            return true;
        }

        input.Add(path, ContractProblemCode.OutOfRange, $"must be between {ContractLimits.EarliestDay:yyyy'-'MM'-'dd} and {ContractLimits.LatestDay:yyyy'-'MM'-'dd}; got {day:yyyy'-'MM'-'dd}");
        return false;
    }

    private static ContractVersion? ReadVersion(JsonInput input, JsonElement element, string path, int index, DateInterval? term, ref LocalDate? previousEffective)
    {
        if (!input.Object(element, path, "version", "effective", "template", "parameters", "rule", "commercial"))
        {
            return null;
        }

        var before = input.Count;
        var numberPath = ContractPath.Field(path, "version");
        var number = input.Integer(input.Required(element, path, "version"), numberPath, 1, int.MaxValue);
        if (number is { } n && n != index + 1)
        {
            input.Add(numberPath, ContractProblemCode.VersionOrder, FormattableString.Invariant($"versions are numbered 1, 2, ... in order: expected {index + 1}, got {n}"));
        }

        var effectivePath = ContractPath.Field(path, "effective");
        var effective = input.Date(input.Required(element, path, "effective"), effectivePath);
        if (effective is { } day)
        {
            if (index == 0 && term is not null && day != term.Start)
            {
                input.Add(effectivePath, ContractProblemCode.VersionOrder, $"version 1 takes effect on the term start {term.Start:yyyy'-'MM'-'dd}; got {day:yyyy'-'MM'-'dd}");
            }
            else if (index > 0 && previousEffective is { } previous && day <= previous)
            {
                input.Add(effectivePath, ContractProblemCode.VersionOrder, $"an amendment takes effect after the version before it ({previous:yyyy'-'MM'-'dd}); got {day:yyyy'-'MM'-'dd}");
            }
            else if (term is not null && !term.Contains(day))
            {
                input.Add(effectivePath, ContractProblemCode.VersionOrder, $"takes effect outside the term {term.Start:yyyy'-'MM'-'dd}..{term.End:yyyy'-'MM'-'dd}; got {day:yyyy'-'MM'-'dd}");
            }

            previousEffective = day;
        }

        var templatePath = ContractPath.Field(path, "template");
        var template = input.String(input.Required(element, path, "template"), templatePath, 64);
        if (template is not null && template != ContractVersion.Generic && !TemplateCatalog.IsTemplate(template))
        {
            input.Add(templatePath, ContractProblemCode.InvalidValue, $"'{template}' is not a template; expected generic or one of {string.Join(", ", TemplateCatalog.All.Select(t => t.Name))}");
            template = null;
        }

        var parametersPath = ContractPath.Field(path, "parameters");
        var parameters = ReadParameters(input, JsonInput.Optional(element, "parameters"), parametersPath, template ?? string.Empty);

        var rulePath = ContractPath.Field(path, "rule");
        RuleSpec? rule = null;
        var ruleElement = JsonInput.Optional(element, "rule");
        if (template == ContractVersion.Generic)
        {
            if (ruleElement is { } r)
            {
                rule = GenericRuleReader.Read(input, r, rulePath);
            }
            else
            {
                input.Add(rulePath, ContractProblemCode.Required, "a generic version states its rule in 'rule'");
            }
        }
        else if (ruleElement is not null && template is not null)
        {
            input.Add(rulePath, ContractProblemCode.NotAccepted, $"{template} is a named template with its own rule; use template 'generic' to state a rule");
        }

        var commercial = JsonInput.Optional(element, "commercial") is { } c
            ? CommercialTermsReader.Read(input, c, ContractPath.Field(path, "commercial"), template)
            : CommercialTerms.None;

        var version = input.Count == before && number is not null && effective is { } eff && template is not null
            ? new ContractVersion((int)number.Value, eff, template, parameters, rule, commercial)
            : null;
        if (version is { Commercial.Progressive: true } && !ProgressiveBilling.Applies(TemplateCatalog.RuleOf(version)))
        {
            input.Add(
                ContractPath.Field(ContractPath.Field(path, "commercial"), "progressive"),
                ContractProblemCode.NotAccepted,
                $"progressive billing bills the months of a distinct count over a contract year or a term; {template} counts otherwise");
            return null;
        }

        return version;
    }
}

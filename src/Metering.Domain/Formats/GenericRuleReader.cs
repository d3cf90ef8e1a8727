using System.Collections.Immutable;
using System.Text.Json;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Rules;
using NodaTime;

namespace Metering.Domain.Formats;

/// <summary>
/// Reads the <c>rule</c> of a <c>generic</c> contract version into a <see cref="RuleSpec"/> and checks that its
/// parts fit together: each measure gets the meter or state predicate it counts with, and nothing it would ignore.
/// Its lists are bounded (<see cref="ContractLimits"/>): each meter type at most once, at most
/// <see cref="ContractLimits.MaximumConditions"/> conditions or atoms per list and <see cref="ContractLimits.MaximumValues"/>
/// values per condition, since every recorded activity kind is matched against them at every close.
/// </summary>
internal static class GenericRuleReader
{
    private static readonly string[] KindFields = ["action", "deployment", "origin", "scheduled", "space"];

    public static RuleSpec? Read(JsonInput input, JsonElement element, string path)
    {
        var before = input.Count;
        if (!input.Object(element, path, "meter", "state", "window", "measure"))
        {
            return null;
        }

        var meterElement = JsonInput.Optional(element, "meter");
        var stateElement = JsonInput.Optional(element, "state");
        var meter = meterElement is { } m ? ReadMeter(input, m, ContractPath.Field(path, "meter")) : null;
        var state = stateElement is { } s ? ReadState(input, s, ContractPath.Field(path, "state")) : null;
        var windowElement = input.Required(element, path, "window");
        var window = windowElement is { } w ? ReadWindow(input, w, ContractPath.Field(path, "window")) : null;
        var measureElement = input.Required(element, path, "measure");
        var measurePath = ContractPath.Field(path, "measure");
        var measure = measureElement is { } me ? ReadMeasure(input, me, measurePath) : null;

        // The fit is checked on the measure's kinds even when another of its fields is wrong, so that a
        // distinct-state rule without a policy also hears that it lacks its state predicate.
        if (measureElement is { } given && given.ValueKind == JsonValueKind.Object && KindOf(given, "kind") is { } kind)
        {
            CheckFit(input, path, kind, KindOf(given, "inner"), meterElement is not null, stateElement is not null, window);
        }

        return input.Count == before && window is not null && measure is not null ? new RuleSpec(meter, state, window, measure) : null;
    }

    private static MeterSpec? ReadMeter(JsonInput input, JsonElement element, string path)
    {
        if (!input.Object(element, path, "types", "include", "exclude", "unit", "resolveAliases"))
        {
            return null;
        }

        var before = input.Count;
        var typesPath = ContractPath.Field(path, "types");
        var types = new List<string>();
        foreach (var (item, itemPath) in input.Array(input.Required(element, path, "types"), typesPath, 1, EventCatalog.ActivityTypes.Count) ?? [])
        {
            var name = input.String(item, itemPath, 64);
            if (name is null)
            {
                continue;
            }

            if (!EventCatalog.TryGet(name, out var type) || !type.IsActivity)
            {
                input.Add(itemPath, ContractProblemCode.InvalidValue, $"'{name}' is not an activity type of the catalog; expected one of {string.Join(", ", EventCatalog.ActivityTypes.Select(t => t.Name))}");
            }
            else if (types.Contains(name))
            {
                input.Add(itemPath, ContractProblemCode.Duplicate, $"'{name}' is listed twice");
            }
            else
            {
                types.Add(name);
            }
        }

        var include = ReadConditions(input, JsonInput.Optional(element, "include"), ContractPath.Field(path, "include"), types, allowEmpty: true);
        var exclude = ImmutableArray.CreateBuilder<ImmutableArray<KindCondition>>();
        var excludePath = ContractPath.Field(path, "exclude");
        foreach (var (item, itemPath) in input.Array(JsonInput.Optional(element, "exclude"), excludePath, 0, ContractLimits.MaximumConditions) ?? [])
        {
            exclude.Add(ReadConditions(input, item, itemPath, types, allowEmpty: false));
        }

        var unit = UnitDimension.Subject;
        var unitPath = ContractPath.Field(path, "unit");
        if (input.String(JsonInput.Optional(element, "unit"), unitPath, 64) is { } unitName)
        {
            if (RuleVocabulary.TryParse(unitName, out UnitDimension? parsed))
            {
                unit = parsed.Value;
            }
            else
            {
                input.Add(unitPath, ContractProblemCode.InvalidValue, $"'{unitName}' is not a unit; expected one of {string.Join(", ", RuleVocabulary.UnitNames)}");
            }
        }

        if (unit == UnitDimension.SubjectAndDeployment)
        {
            foreach (var name in types.Where(t => EventCatalog.Get(t).Group == EventGroup.Content))
            {
                input.Add(unitPath, ContractProblemCode.Inconsistent, $"a unit per deployment needs types that carry a deployment; '{name}' has none");
            }
        }

        var resolveAliases = input.Boolean(JsonInput.Optional(element, "resolveAliases"), ContractPath.Field(path, "resolveAliases")) ?? true;
        return input.Count == before
            ? new MeterSpec([.. types], include, exclude.ToImmutable(), unit, resolveAliases)
            : null;
    }

    private static ImmutableArray<KindCondition> ReadConditions(JsonInput input, JsonElement? element, string path, List<string> types, bool allowEmpty)
    {
        var conditions = ImmutableArray.CreateBuilder<KindCondition>();
        foreach (var (item, itemPath) in input.Array(element, path, allowEmpty ? 0 : 1, ContractLimits.MaximumConditions) ?? [])
        {
            if (!input.Object(item, itemPath, "field", "values"))
            {
                continue;
            }

            var fieldPath = ContractPath.Field(itemPath, "field");
            var field = input.String(input.Required(item, itemPath, "field"), fieldPath, 64);
            if (field is not null && !KindFields.Contains(field))
            {
                input.Add(fieldPath, ContractProblemCode.InvalidValue, $"'{field}' is not a field of an activity kind; expected one of {string.Join(", ", KindFields)}");
                field = null;
            }

            if (field is not null && types.Count > 0 && !types.Any(t => Carries(t, field)))
            {
                input.Add(fieldPath, ContractProblemCode.Inconsistent, $"none of the meter's types carries '{field}'");
            }

            var values = new List<string>();
            var valuesPath = ContractPath.Field(itemPath, "values");
            if (item.TryGetProperty("values", out var valuesElement) && valuesElement.ValueKind == JsonValueKind.Array
                && valuesElement.GetArrayLength() > ContractLimits.MaximumValues)
            {
                input.Add(valuesPath, ContractProblemCode.TooLarge, JsonInput.TooManyMessage(ContractLimits.MaximumValues, valuesElement.GetArrayLength()));
            }
            else if (item.TryGetProperty("values", out valuesElement) && valuesElement.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var value in valuesElement.EnumerateArray())
                {
                    var valuePath = ContractPath.Item(valuesPath, index++);
                    var text = value.ValueKind switch
                    {
                        JsonValueKind.Null => "null",
                        JsonValueKind.True when field == "scheduled" => "true",
                        JsonValueKind.False when field == "scheduled" => "false",
                        _ => input.String(value, valuePath, 64),
                    };
                    if (text is not null && field == "scheduled" && text is not ("true" or "false" or "null"))
                    {
                        input.Add(valuePath, ContractProblemCode.InvalidValue, "scheduled is true, false or null");
                    }
                    else if (text is not null)
                    {
                        values.Add(text);
                    }
                }

                if (index == 0)
                {
                    input.Add(valuesPath, ContractProblemCode.Required, "must list at least 1 value");
                }
            }
            else
            {
                _ = input.Array(input.Required(item, itemPath, "values"), valuesPath, 1);
            }

            if (field is not null)
            {
                conditions.Add(new KindCondition(field, [.. values]));
            }
        }

        return conditions.ToImmutable();
    }

    private static bool Carries(string type, string field) =>
        EventCatalog.Get(type).Group switch
        {
            EventGroup.Activity => field == "deployment",
            EventGroup.Meetings => field is "deployment" or "origin" or "scheduled" or "space",
            EventGroup.Content => field == "action",
            _ => false,
        };

    private static StatePredicateSpec? ReadState(JsonInput input, JsonElement element, string path)
    {
        if (!input.Object(element, path, "family", "allOf"))
        {
            return null;
        }

        var before = input.Count;
        var familyPath = ContractPath.Field(path, "family");
        FactFamily? family = null;
        if (input.String(input.Required(element, path, "family"), familyPath, 64) is { } familyName)
        {
            if (RuleVocabulary.TryParse(familyName, out FactFamily? parsed) && parsed is FactFamily.User or FactFamily.Endpoint or FactFamily.AccessId)
            {
                family = parsed;
            }
            else
            {
                input.Add(familyPath, ContractProblemCode.InvalidValue, $"'{familyName}' is not a family a state predicate counts; expected user, endpoint or access-id");
            }
        }

        var conditions = ImmutableArray.CreateBuilder<StateCondition>();
        var allOfPath = ContractPath.Field(path, "allOf");
        foreach (var (item, itemPath) in input.Array(input.Required(element, path, "allOf"), allOfPath, 1, ContractLimits.MaximumConditions) ?? [])
        {
            if (!input.Object(item, itemPath, "atom", "argument"))
            {
                continue;
            }

            var atomPath = ContractPath.Field(itemPath, "atom");
            var atomName = input.String(input.Required(item, itemPath, "atom"), atomPath, 64);
            StateAtom? atom = null;
            if (atomName is not null)
            {
                if (RuleVocabulary.TryParse(atomName, out StateAtom? parsed))
                {
                    atom = parsed;
                }
                else
                {
                    input.Add(atomPath, ContractProblemCode.InvalidValue, $"'{atomName}' is not a state condition; expected one of {string.Join(", ", RuleVocabulary.AtomNames)}");
                }
            }

            var argumentPath = ContractPath.Field(itemPath, "argument");
            var argument = input.String(JsonInput.Optional(item, "argument"), argumentPath, 64);
            if (atom == StateAtom.HasRole && argument is null && JsonInput.Optional(item, "argument") is null)
            {
                input.Add(argumentPath, ContractProblemCode.Required, "has-role names the role in 'argument'");
            }
            else if (atom is { } a && a != StateAtom.HasRole && JsonInput.Optional(item, "argument") is not null)
            {
                input.Add(argumentPath, ContractProblemCode.NotAccepted, $"'{atomName}' takes no argument");
            }

            if (atom is { } known && family is { } f && !Fits(known, f))
            {
                input.Add(atomPath, ContractProblemCode.Inconsistent, $"'{atomName}' does not apply to the {RuleVocabulary.Name(f)} family");
            }

            if (atom is { } ok)
            {
                conditions.Add(new StateCondition(ok, argument));
            }
        }

        return input.Count == before && family is { } fam ? new StatePredicateSpec(fam, conditions.ToImmutable()) : null;
    }

    private static bool Fits(StateAtom atom, FactFamily family) =>
        family switch
        {
            FactFamily.Endpoint => atom == StateAtom.EndpointProtected,
            FactFamily.AccessId => atom == StateAtom.AccessIdAssigned,
            _ => atom is not (StateAtom.EndpointProtected or StateAtom.AccessIdAssigned),
        };

    private static WindowScheme? ReadWindow(JsonInput input, JsonElement element, string path)
    {
        if (!input.Object(element, path, "scheme", "months"))
        {
            return null;
        }

        var schemePath = ContractPath.Field(path, "scheme");
        var name = input.String(input.Required(element, path, "scheme"), schemePath, 64);
        WindowSchemeKind? scheme = null;
        if (name is not null)
        {
            // contract-month names a sub-window in invoices; a rule cannot cut its windows that way.
            if (RuleVocabulary.TryParse(name, out WindowSchemeKind? parsed) && parsed != WindowSchemeKind.ContractMonth)
            {
                scheme = parsed;
            }
            else
            {
                input.Add(schemePath, ContractProblemCode.InvalidValue, $"'{name}' is not a window scheme; expected one of {string.Join(", ", RuleVocabulary.SchemeNames)}");
            }
        }

        var monthsPath = ContractPath.Field(path, "months");
        var monthsElement = JsonInput.Optional(element, "months");
        if (scheme == WindowSchemeKind.Rolling)
        {
            var months = input.Integer(input.Required(element, path, "months"), monthsPath, 1, 120);
            return months is { } n ? WindowScheme.Rolling((int)n) : null;
        }

        if (monthsElement is not null && scheme is not null)
        {
            input.Add(monthsPath, ContractProblemCode.NotAccepted, "only a rolling window takes months");
            return null;
        }

        return scheme is { } kind ? new WindowScheme(kind) : null;
    }

    private static MeasureSpec? ReadMeasure(JsonInput input, JsonElement element, string path)
    {
        if (!input.Object(element, path, "kind", "policy", "idleTimeoutMinutes", "billingMonths", "inner"))
        {
            return null;
        }

        var before = input.Count;
        var kind = ReadMeasureKind(input, input.Required(element, path, "kind"), ContractPath.Field(path, "kind"));
        var innerElement = JsonInput.Optional(element, "inner");
        var innerPath = ContractPath.Field(path, "inner");
        var inner = ReadMeasureKind(input, innerElement, innerPath);
        if (kind is null)
        {
            return null;
        }

        if (kind is MeasureKind.MaxOfWindows or MeasureKind.AverageOfMonths)
        {
            if (innerElement is null)
            {
                input.Add(innerPath, ContractProblemCode.Required, $"{RuleVocabulary.Name(kind.Value)} names the measure of each sub-window in 'inner'");
            }
            else if (inner is { } i && i is not (MeasureKind.DistinctActive or MeasureKind.DistinctState or MeasureKind.PeakConcurrent))
            {
                input.Add(innerPath, ContractProblemCode.InvalidValue, "the measure of a sub-window is distinct-active, distinct-state or peak-concurrent");
            }
        }
        else if (innerElement is not null)
        {
            input.Add(innerPath, ContractProblemCode.NotAccepted, "only max-of-windows and average-of-months take an inner measure");
        }

        var effective = kind is MeasureKind.MaxOfWindows or MeasureKind.AverageOfMonths ? inner : kind;

        StatePolicy? policy = null;
        var policyPath = ContractPath.Field(path, "policy");
        var policyElement = JsonInput.Optional(element, "policy");
        if (effective == MeasureKind.DistinctState)
        {
            if (input.String(input.Required(element, path, "policy"), policyPath, 64) is { } policyName)
            {
                if (RuleVocabulary.TryParse(policyName, out StatePolicy? parsed))
                {
                    policy = parsed;
                }
                else
                {
                    input.Add(policyPath, ContractProblemCode.InvalidValue, $"'{policyName}' is not a state policy; expected one of {string.Join(", ", RuleVocabulary.PolicyNames)}");
                }
            }
        }
        else if (policyElement is not null)
        {
            input.Add(policyPath, ContractProblemCode.NotAccepted, "only distinct-state takes a policy");
        }

        Duration? idle = null;
        var idlePath = ContractPath.Field(path, "idleTimeoutMinutes");
        var idleElement = JsonInput.Optional(element, "idleTimeoutMinutes");
        if (effective == MeasureKind.PeakConcurrent)
        {
            idle = input.Integer(idleElement, idlePath, 1, 1440) is { } minutes ? Duration.FromMinutes(minutes) : null;
        }
        else if (idleElement is not null)
        {
            input.Add(idlePath, ContractProblemCode.NotAccepted, "only peak-concurrent takes an idle timeout");
        }

        int? billingMonths = null;
        var billingPath = ContractPath.Field(path, "billingMonths");
        var billingElement = JsonInput.Optional(element, "billingMonths");
        if (kind == MeasureKind.ActivatedMonths)
        {
            billingMonths = input.Integer(input.Required(element, path, "billingMonths"), billingPath, 1, 120) is { } months ? (int)months : null;
        }
        else if (billingElement is not null)
        {
            input.Add(billingPath, ContractProblemCode.NotAccepted, "only activated-months takes billingMonths");
        }

        return input.Count == before
            ? new MeasureSpec(kind.Value, policy, idle, billingMonths, kind is MeasureKind.MaxOfWindows or MeasureKind.AverageOfMonths ? inner : null)
            : null;
    }

    private static MeasureKind? KindOf(JsonElement measure, string name) =>
        measure.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && RuleVocabulary.TryParse(value.GetString(), out MeasureKind? kind)
            ? kind
            : null;

    private static MeasureKind? ReadMeasureKind(JsonInput input, JsonElement? element, string path)
    {
        if (input.String(element, path, 64) is not { } name)
        {
            return null;
        }

        if (RuleVocabulary.TryParse(name, out MeasureKind? kind))
        {
            return kind;
        }

        input.Add(path, ContractProblemCode.InvalidValue, $"'{name}' is not a measure; expected one of {string.Join(", ", RuleVocabulary.MeasureNames)}");
        return null;
    }

    /// <summary>
    /// docs/rules.md, 4: an activity measure counts through a meter, a state measure through a state predicate,
    /// sessions and activated months through neither; max-of-windows is the 90-day scheme's measure and the
    /// average of months is taken over a contract year.
    /// </summary>
    private static void CheckFit(JsonInput input, string path, MeasureKind kind, MeasureKind? inner, bool hasMeter, bool hasState, WindowScheme? window)
    {
        var effective = kind is MeasureKind.MaxOfWindows or MeasureKind.AverageOfMonths ? inner : kind;
        if (effective is null)
        {
            return;
        }

        var needsMeter = effective == MeasureKind.DistinctActive;
        var needsState = effective == MeasureKind.DistinctState;
        var measureName = RuleVocabulary.Name(kind);
        var meterPath = ContractPath.Field(path, "meter");
        var statePath = ContractPath.Field(path, "state");

        if (needsMeter && !hasMeter)
        {
            input.Add(meterPath, ContractProblemCode.Required, $"{measureName} over activity counts through a meter");
        }
        else if (!needsMeter && hasMeter)
        {
            input.Add(meterPath, ContractProblemCode.NotAccepted, $"{measureName} does not use a meter");
        }

        if (needsState && !hasState)
        {
            input.Add(statePath, ContractProblemCode.Required, $"{measureName} over state counts through a state predicate");
        }
        else if (!needsState && hasState)
        {
            input.Add(statePath, ContractProblemCode.NotAccepted, $"{measureName} does not use a state predicate");
        }

        var schemePath = ContractPath.Field(ContractPath.Field(path, "window"), "scheme");
        if (kind == MeasureKind.MaxOfWindows && window is not null && window.Kind != WindowSchemeKind.NinetyDay)
        {
            input.Add(schemePath, ContractProblemCode.Inconsistent, "max-of-windows takes the highest of the 90-day periods: the scheme must be ninety-day");
        }

        if (kind == MeasureKind.AverageOfMonths && window is not null && window.Kind != WindowSchemeKind.ContractYear)
        {
            input.Add(schemePath, ContractProblemCode.Inconsistent, "average-of-months averages the months of a year: the scheme must be contract-year");
        }

        if (kind == MeasureKind.ActivatedMonths && window is not null && window.Kind != WindowSchemeKind.CalendarMonth)
        {
            input.Add(schemePath, ContractProblemCode.Inconsistent, "activated-months bills calendar months: the scheme must be calendar-month");
        }
    }
}

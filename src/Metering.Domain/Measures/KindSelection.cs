using Metering.Domain.Activity;
using Metering.Domain.Rules;

namespace Metering.Domain.Measures;

/// <summary>
/// Which activity kinds a meter selects: the type is one of the meter's types, every include condition holds, and
/// no exclude conjunction holds entirely. A field the event did not carry has the value <c>null</c>.
/// </summary>
internal sealed class KindSelection
{
    private static readonly string[] Fields = ["action", "deployment", "origin", "scheduled", "space"];

    private readonly MeterSpec _meter;
    private readonly HashSet<string> _types;
    private readonly Dictionary<string, bool> _decided = new(StringComparer.Ordinal);

    public KindSelection(MeterSpec meter)
    {
        _meter = meter;
        _types = new HashSet<string>(meter.Types, StringComparer.Ordinal);
        foreach (var condition in meter.Include.Concat(meter.Exclude.SelectMany(c => c)))
        {
            if (!Fields.Contains(condition.Field, StringComparer.Ordinal))
            {
                throw new ArgumentException($"A meter condition tests '{condition.Field}', which is not an activity kind field ({string.Join(", ", Fields)}).", nameof(meter));
            }
        }
    }

    public bool Selects(ActivityKind kind)
    {
        if (_decided.TryGetValue(kind.Key, out var decided))
        {
            return decided;
        }

        // Decided once per kind, so the reason's text costs nothing per record.
        var selects = WhyNot(kind) is null;
        _decided.Add(kind.Key, selects);
        return selects;
    }

    /// <summary>
    /// Why <paramref name="kind"/> is not selected, in words, or null when it is: <see cref="Selects"/> is this
    /// test, so a reason given is always the one that decided.
    /// </summary>
    public string? WhyNot(ActivityKind kind)
    {
        if (!_types.Contains(kind.Type))
        {
            return $"'{kind.Type}' is not an event type this rule counts (it counts {string.Join(", ", _meter.Types.Order(StringComparer.Ordinal))})";
        }

        foreach (var condition in _meter.Include)
        {
            if (!Holds(condition, kind))
            {
                return $"{condition.Field} is {ValueText(condition, kind)}, and the rule counts only {PolicyText.Test(condition)}";
            }
        }

        foreach (var all in _meter.Exclude)
        {
            if (all.All(c => Holds(c, kind)))
            {
                return $"the rule excludes events with {string.Join(" and ", all.Select(PolicyText.Test))}";
            }
        }

        return null;
    }

    private static string ValueText(KindCondition condition, ActivityKind kind) =>
        Value(condition, kind) is { } value ? $"'{value}'" : "absent";

    private static bool Holds(KindCondition condition, ActivityKind kind) =>
        condition.Values.Contains(Value(condition, kind) ?? "null", StringComparer.Ordinal);

    private static string? Value(KindCondition condition, ActivityKind kind) => condition.Field switch
    {
        "action" => kind.Action,
        "deployment" => kind.Deployment,
        "origin" => kind.Origin,
        "scheduled" => kind.Scheduled switch { true => "true", false => "false", null => null },
        _ => kind.Space,
    };
}

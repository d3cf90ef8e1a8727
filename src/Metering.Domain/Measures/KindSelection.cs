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

        var selects = _types.Contains(kind.Type)
            && _meter.Include.All(c => Holds(c, kind))
            && !_meter.Exclude.Any(all => all.All(c => Holds(c, kind)));
        _decided.Add(kind.Key, selects);
        return selects;
    }

    private static bool Holds(KindCondition condition, ActivityKind kind)
    {
        var value = condition.Field switch
        {
            "action" => kind.Action,
            "deployment" => kind.Deployment,
            "origin" => kind.Origin,
            "scheduled" => kind.Scheduled switch { true => "true", false => "false", null => null },
            _ => kind.Space,
        };
        return condition.Values.Contains(value ?? "null", StringComparer.Ordinal);
    }
}

using System.Text;

namespace Metering.Domain.Activity;

/// <summary>
/// What an activity event was, to the precision any rule may discriminate on: its type and the catalogued
/// <c>data</c> fields rules test (<c>deployment</c> for activity and meetings; <c>origin</c>, <c>scheduled</c>,
/// <c>space</c> for meetings; <c>action</c> for content). Presence is recorded per kind, so a contract added
/// later can still count exactly the events it selects.
/// </summary>
/// <param name="Type">The event type.</param>
/// <param name="Deployment">Activity and meetings: <c>cloud</c> (also when absent) or <c>on-premises</c>.</param>
/// <param name="Origin">Meetings: the origin as sent.</param>
/// <param name="Scheduled">Meetings: whether scheduled.</param>
/// <param name="Space">Meetings: the space, or null.</param>
/// <param name="Action">Content: <c>launch</c> or <c>download</c>.</param>
public sealed record ActivityKind(
    string Type,
    string? Deployment = null,
    string? Origin = null,
    bool? Scheduled = null,
    string? Space = null,
    string? Action = null)
{
    private string? _key;

    /// <summary>
    /// The canonical text of the kind: the type, then each present field as <c>;name=value</c> in the order
    /// action, deployment, origin, scheduled, space, with <c>%</c>, <c>;</c> and <c>=</c> in values written as
    /// <c>%25</c>, <c>%3B</c>, <c>%3D</c>. Equal kinds have equal keys and <see cref="Parse"/> inverts it.
    /// </summary>
    public string Key => _key ??= BuildKey();

    /// <summary>Reads a key written by <see cref="Key"/>.</summary>
    public static ActivityKind Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split(';');
        var kind = new ActivityKind(parts[0]);
        foreach (var part in parts.AsSpan(1))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"'{key}' is not an activity kind key.");
            }

            var value = Unescape(part[(eq + 1)..]);
            kind = part[..eq] switch
            {
                "action" => kind with { Action = value },
                "deployment" => kind with { Deployment = value },
                "origin" => kind with { Origin = value },
                "scheduled" => kind with { Scheduled = value switch { "true" => true, "false" => false, _ => throw new FormatException($"'{key}': scheduled is not a boolean.") } },
                "space" => kind with { Space = value },
                _ => throw new FormatException($"'{key}' has an unknown field '{part[..eq]}'."),
            };
        }

        return kind;
    }

    /// <inheritdoc />
    public override string ToString() => Key;

    private string BuildKey()
    {
        var sb = new StringBuilder(Type);
        Append(sb, "action", Action);
        Append(sb, "deployment", Deployment);
        Append(sb, "origin", Origin);
        Append(sb, "scheduled", Scheduled is null ? null : Scheduled.Value ? "true" : "false");
        Append(sb, "space", Space);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        sb.Append(';').Append(name).Append('=');
        foreach (var c in value)
        {
            _ = c switch
            {
                '%' => sb.Append("%25"),
                ';' => sb.Append("%3B"),
                '=' => sb.Append("%3D"),
                _ => sb.Append(c),
            };
        }
    }

    private static string Unescape(string value) =>
        value.Contains('%', StringComparison.Ordinal)
            ? value.Replace("%3B", ";", StringComparison.Ordinal).Replace("%3D", "=", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal)
            : value;
}

using System.Collections.Immutable;
using Metering.Domain.Events;
using Metering.Domain.Rules;
using Metering.Domain.Tenants;
using Metering.Domain.Timelines;
using NodaTime;
using NodaTime.Text;

namespace Metering.Domain.Measures;

/// <summary>
/// What the rule code decided about a few units while it measured a window: each measure, when the context carries a
/// trace, writes a step for every stored record of a followed unit that it selected, skipped or weighed, with the
/// reason in words. The close never carries one; <c>explain</c> and <c>reconcile</c> do, so their reasons are the
/// decisions of the very code that counted the invoice, never a second reading of the template.
/// </summary>
public sealed class UnitTrace
{
    private static readonly LocalDateTimePattern LocalTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss");

    private readonly HashSet<Subject> _units;
    private readonly Dictionary<Subject, List<TraceStep>> _steps = [];
    private readonly HashSet<TraceStep> _written = [];
    private string? _scope;

    /// <summary>Follows the units named <paramref name="units"/> (subjects, aliases, endpoints or access-ID codes, as sent).</summary>
    public UnitTrace(IEnumerable<Subject> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        _units = [.. units];
    }

    /// <summary>The units followed.</summary>
    public IReadOnlyCollection<Subject> Units => _units;

    /// <summary>The steps written for <paramref name="unit"/>, in the order the rule code took them.</summary>
    public ImmutableArray<TraceStep> StepsOf(Subject unit) => _steps.TryGetValue(unit, out var steps) ? [.. steps] : [];

    /// <summary>Whether steps are written for <paramref name="unit"/>.</summary>
    internal bool Follows(Subject unit) => _units.Contains(unit);

    /// <summary>Writes a step, labelled with the sub-window being measured when there is one; a step already written is not repeated.</summary>
    internal void Add(TenantId tenant, Subject unit, string code, string text)
    {
        var step = new TraceStep(tenant, unit, code, _scope, text);
        if (_written.Add(step))
        {
            if (!_steps.TryGetValue(unit, out var steps))
            {
                steps = [];
                _steps.Add(unit, steps);
            }

            steps.Add(step);
        }
    }

    /// <summary>Labels the steps written until the result is disposed with <paramref name="scope"/> (a 90-day period, a month of a year).</summary>
    internal Scope Within(string scope) => new(this, scope);

    /// <summary>An instant as a billing person reads it: local date and time in <paramref name="zone"/>, and the zone.</summary>
    internal static string Local(Instant instant, DateTimeZone zone) =>
        instant == Instant.MinValue ? "the start of the records"
        : instant == Instant.MaxValue ? "no end"
        : $"{LocalTime.Format(instant.InZone(zone).LocalDateTime)} {zone.Id}";

    /// <summary>The intervals of <paramref name="held"/> that meet <paramref name="window"/>, in local time.</summary>
    internal static string Intervals(IntervalSet held, Interval window, DateTimeZone zone)
    {
        var parts = held.Intersect(window).Intervals.Select(i => $"from {Local(i.Start, zone)} to {Local(i.End, zone)}").ToList();
        return parts.Count == 0 ? "never" : string.Join(", ", parts);
    }

    /// <summary>The scope of <see cref="Within"/>; restores the one before when disposed.</summary>
    internal readonly struct Scope : IDisposable
    {
        private readonly UnitTrace _trace;
        private readonly string? _before;

        public Scope(UnitTrace trace, string scope)
        {
            _trace = trace;
            _before = trace._scope;
            trace._scope = scope;
        }

        public void Dispose() => _trace._scope = _before;
    }
}

/// <summary>One decision of the rule code about a followed unit (<see cref="UnitTrace"/>).</summary>
/// <param name="Tenant">The tenant whose record it is.</param>
/// <param name="Unit">The unit, as stored.</param>
/// <param name="Code">What kind of decision (<see cref="TraceCodes"/>).</param>
/// <param name="Scope">The sub-window being measured, when the window has sub-windows.</param>
/// <param name="Text">The decision in words.</param>
public sealed record TraceStep(TenantId Tenant, Subject Unit, string Code, string? Scope, string Text);

/// <summary>The codes of <see cref="TraceStep"/>: whether a step speaks for counting the unit or against it.</summary>
public static class TraceCodes
{
    /// <summary>A qualifying event on a day of the window.</summary>
    public const string Qualifying = "qualifying-activity";

    /// <summary>Activity whose event type or fields the rule does not count.</summary>
    public const string NotQualifying = "not-qualifying";

    /// <summary>Activity of a counted kind, on days outside the window.</summary>
    public const string OutsideWindow = "outside-window";

    /// <summary>The subject is an alias; its activity counts for the user that declared it.</summary>
    public const string Alias = "alias";

    /// <summary>The state the rule counts held when the policy looks.</summary>
    public const string StateHeld = "state-held";

    /// <summary>The state the rule counts did not hold when the policy looks.</summary>
    public const string StateNotHeld = "state-not-held";

    /// <summary>One condition of the state, and when it held.</summary>
    public const string Condition = "condition";

    /// <summary>In session at the peak instant.</summary>
    public const string AtPeak = "at-peak";

    /// <summary>Not holding (or not in session) at the peak instant.</summary>
    public const string NotAtPeak = "not-at-peak";

    /// <summary>A billing run bills a month of the window.</summary>
    public const string Billed = "billing-run";

    /// <summary>No billing run bills a month of the window.</summary>
    public const string NotBilled = "no-billing-run";

    /// <summary>Counted in a sub-window whose count is not the window's figure (a period that is not the highest).</summary>
    public const string OtherSubWindow = "other-sub-window";
}

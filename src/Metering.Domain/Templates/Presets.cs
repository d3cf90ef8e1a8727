using System.Collections.Immutable;
using Metering.Domain.Events;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary>The building blocks the templates share: activity and meeting-host meters, distinct-active and state rules, parameter checks.</summary>
internal static class Presets
{
    /// <summary>The meter of <c>meeting-hosts</c>: <c>meeting.hosted</c> with an origin in <c>Origins</c>, except unscheduled meetings in a one-on-one space.</summary>
    public static MeterSpec MeetingHostsMeter(MeetingParameters parameters, UnitDimension unit) => new(
        [EventCatalog.MeetingHosted],
        [new KindCondition("origin", parameters.Origins)],
        [[new KindCondition("scheduled", ["false"]), new KindCondition("space", ["one-on-one"])]],
        unit,
        parameters.ResolveAliases);

    /// <summary>A meter of the activity types of <paramref name="parameters"/>.</summary>
    public static MeterSpec ActivityMeter(ActivityParameters parameters) =>
        new(parameters.Types, [], [], UnitDimension.Subject, parameters.ResolveAliases);

    /// <summary>Distinct active units of <paramref name="meter"/> per window of <paramref name="window"/>.</summary>
    public static RuleSpec Active(MeterSpec meter, WindowScheme window) =>
        new(meter, null, window, new MeasureSpec(MeasureKind.DistinctActive));

    /// <summary>Distinct users in a state, per calendar month.</summary>
    public static RuleSpec State(ImmutableArray<StateCondition> conditions, StatePolicy policy) =>
        State(FactFamily.User, conditions, policy);

    /// <summary>Distinct units of <paramref name="family"/> in a state, per calendar month.</summary>
    public static RuleSpec State(FactFamily family, ImmutableArray<StateCondition> conditions, StatePolicy policy) =>
        new(null, new StatePredicateSpec(family, conditions), WindowScheme.CalendarMonth, new MeasureSpec(MeasureKind.DistinctState, policy));

    /// <summary><paramref name="value"/> when it is at least 1.</summary>
    /// <exception cref="ArgumentException">It is less.</exception>
    public static int Positive(long value, string name) =>
        value is >= 1 and <= int.MaxValue ? (int)value : throw new ArgumentException($"{name} must be a whole number from 1 to {int.MaxValue}, not {value}.", nameof(value));
}

using Metering.Domain.Events;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Measures;

/// <summary>The sentences a measurement lists for the policies it applied, so that an auditor can read the rule off the invoice.</summary>
internal static class PolicyText
{
    public const string FactOrder =
        "facts at the same instant apply in this order: creation, grants and other changes, observations, revocations and endings, deletion; then by event key";

    public static List<string> Of(RuleSpec rule, BillingWindow window)
    {
        var sentences = new List<string> { Window(window) };
        if (rule.Meter is { } meter)
        {
            sentences.Add(Unit(meter));
            sentences.Add(Selection(meter));
        }

        if (rule.State is { } state)
        {
            sentences.Add($"unit = {FamilyWord(state.Family)}; state = {string.Join(" and ", state.AllOf.Select(Condition))}");
            sentences.Add(FactOrder);
        }

        sentences.AddRange(Measure(rule.Measure));
        return sentences;
    }

    public static string Window(BillingWindow window)
    {
        var scheme = window.Scheme switch
        {
            WindowSchemeKind.CalendarMonth => "calendar month",
            WindowSchemeKind.ContractYear => "contract year",
            WindowSchemeKind.NinetyDay => "subscription year of four 90-day periods",
            WindowSchemeKind.Rolling => "rolling months ending at a month end",
            WindowSchemeKind.ContractMonth => "contract month",
            _ => "whole term",
        };
        var text = $"window: {scheme}, local days {IsoText.Of(window.Days)} of {window.Zone.Id}, both inclusive; as instants [{IsoText.Of(window.Instants.Start)}, {IsoText.Of(window.Instants.End)})";
        return window.ClippedToTerm ? text + "; cut short by the contract term or a version boundary" : text;
    }

    public static string Unit(MeterSpec meter)
    {
        var unit = meter.Unit == UnitDimension.SubjectAndDeployment
            ? "unit = (user, deployment): a user active in two deployments counts once in each; activity without a deployment is cloud"
            : "unit = user";
        return meter.ResolveAliases
            ? unit + "; aliases resolved to the user that declared them"
            : unit + "; subjects counted as sent, aliases not resolved";
    }

    public static string Selection(MeterSpec meter)
    {
        var text = $"qualifying events: {string.Join(", ", meter.Types.Order(StringComparer.Ordinal))}";
        if (!meter.Include.IsEmpty)
        {
            text += " with " + string.Join(" and ", meter.Include.Select(Test));
        }

        if (!meter.Exclude.IsEmpty)
        {
            text += ", except " + string.Join(" or ", meter.Exclude.Select(all => "(" + string.Join(" and ", all.Select(Test)) + ")"));
        }

        return text;
    }

    /// <summary>A meter condition as text: <c>field = value</c> or <c>field in {a, b}</c>.</summary>
    public static string Test(KindCondition c) => c.Values.Length == 1
        ? $"{c.Field} = {c.Values[0]}"
        : $"{c.Field} in {{{string.Join(", ", c.Values.Order(StringComparer.Ordinal))}}}";

    private static IEnumerable<string> Measure(MeasureSpec measure)
    {
        switch (measure.Kind)
        {
            case MeasureKind.DistinctActive:
                yield return "a unit counts when it has at least one qualifying event on a local day of the window";
                break;
            case MeasureKind.DistinctState:
                yield return measure.Policy switch
                {
                    StatePolicy.AnyTime => "policy any-time: a unit counts when the state held at some instant of the window",
                    StatePolicy.PeriodEnd => "policy period-end: a unit counts when the state held at the window's last instant, after every fact before the window's end",
                    StatePolicy.Peak => "policy peak: the figure is the highest number of units holding the state at one instant of the window",
                    _ => "policy: none given",
                };
                break;
            case MeasureKind.PeakConcurrent:
                var idle = measure.IdleTimeout ?? PeakConcurrentMeasure.DefaultIdleTimeout;
                yield return $"a session is open for {Minutes(idle)} minutes after each of its events and ends at its session.ended";
                yield return "the figure is the highest number of distinct users in session at one instant of the window";
                break;
            case MeasureKind.MaxOfWindows:
                yield return "each sub-window counts its units on its own; the figure is the highest sub-window count";
                break;
            case MeasureKind.AverageOfMonths:
                yield return "each month counts its units on its own; the figure is the mean of the monthly counts, rounded up to a whole unit";
                break;
            case MeasureKind.ActivatedMonths:
                yield return "activation: the first content.opened of a book the user holds a live licence for, while the user exists and is not deactivated, once per incarnation";
                yield return $"an activation starts a billing run of {measure.BillingMonths} months from its local month";
                yield return "a user is billed in a month inside a run when, at some instant of that month, the user exists, has the active flag on and holds a live licence";
                yield return FactOrder;
                break;
        }
    }

    private static string FamilyWord(FactFamily family) => family switch
    {
        FactFamily.Endpoint => "endpoint",
        FactFamily.AccessId => "access-ID code",
        _ => "user",
    };

    /// <summary>A state condition as text (<c>seat assigned</c>).</summary>
    public static string Condition(StateCondition condition) => condition.Atom switch
    {
        StateAtom.Exists => "exists",
        StateAtom.NotDeleted => "not deleted",
        StateAtom.PersonAccount => "account type person",
        StateAtom.ActiveFlag => "active flag on",
        StateAtom.NotDeactivated => "not deactivated",
        StateAtom.NotSuspended => "not suspended",
        StateAtom.SeatAssigned => "seat assigned",
        StateAtom.CredentialEnabled => "credential enabled",
        StateAtom.Licensed => "holds a live licence",
        StateAtom.EnrolledInVisibleCourse => "an active enrolment in a visible course",
        StateAtom.EndpointProtected => "protected",
        StateAtom.AccessIdAssigned => "assigned to a user",
        StateAtom.HasRole => $"holds the role '{condition.Argument}'",
        _ => condition.Atom.ToString(),
    };

    /// <summary>A sentence on the idle timeout, in whole minutes where it is whole.</summary>
    public static string Minutes(Duration duration) => duration.TotalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

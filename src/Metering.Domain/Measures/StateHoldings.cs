using Metering.Domain.Events;
using Metering.Domain.Rules;
using Metering.Domain.Timelines;
using NodaTime;

namespace Metering.Domain.Measures;

/// <summary>
/// The instants at which each unit of a contract satisfies a state predicate: the intersection of the instants of
/// its conditions. Units are the subjects that have facts of the predicate's family; a unit without facts holds
/// nothing worth counting.
/// </summary>
internal static class StateHoldings
{
    public static List<Holding> Of(StatePredicateSpec predicate, MeasureContext context)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var holdings = new List<Holding>();
        foreach (var tenant in context.Tenants)
        {
            switch (predicate.Family)
            {
                case FactFamily.User:
                    var tests = UserTests(predicate);
                    var simple = (Func<UserState, bool>)(state => tests.All(test => test.Holds(state)));
                    var needsCourses = predicate.AllOf.Any(c => c.Atom == StateAtom.EnrolledInVisibleCourse);
                    var courses = new Dictionary<string, IntervalSet>(StringComparer.Ordinal);
                    foreach (var (user, facts) in context.Inputs.TimelinesOf(tenant, FactFamily.User))
                    {
                        var timeline = UserTimeline.Of(facts);
                        var instants = timeline.Where(simple);
                        var traced = context.Trace?.Follows(user) == true;
                        var visible = needsCourses && (traced || !instants.IsEmpty) ? EnrolledInVisibleCourse(timeline, tenant, context, courses) : null;
                        if (needsCourses && !instants.IsEmpty)
                        {
                            instants = instants.Intersect(visible!);
                        }

                        var holding = new Holding(new CountedUnit(tenant, user, null), instants);
                        if (traced)
                        {
                            // Each condition on its own, with the same tests, so a trace can say which one failed.
                            var conditions = tests.Select(t => (PolicyText.Condition(t.Condition), t.Condition.Atom == StateAtom.EnrolledInVisibleCourse ? visible! : timeline.Where(t.Holds))).ToList();
                            holding = holding with { Conditions = conditions };
                        }

                        holdings.Add(holding);
                    }

                    break;
                case FactFamily.Endpoint:
                    RequireOnly(predicate, StateAtom.EndpointProtected);
                    foreach (var (endpoint, facts) in context.Inputs.TimelinesOf(tenant, FactFamily.Endpoint))
                    {
                        holdings.Add(new Holding(
                            new CountedUnit(tenant, endpoint, null),
                            ToggleTimeline.On(facts, EventCatalog.EndpointProtected, EventCatalog.EndpointUnprotected)));
                    }

                    break;
                case FactFamily.AccessId:
                    RequireOnly(predicate, StateAtom.AccessIdAssigned);
                    foreach (var (code, facts) in context.Inputs.TimelinesOf(tenant, FactFamily.AccessId))
                    {
                        var timeline = AccessIdTimeline.Of(facts);
                        holdings.Add(new Holding(new CountedUnit(tenant, code, null), timeline.Assigned, timeline));
                    }

                    break;
                default:
                    throw new ArgumentException($"A state predicate counts users, endpoints or access-ID codes, not {predicate.Family}.", nameof(predicate));
            }
        }

        return holdings;
    }

    /// <summary>
    /// The conditions on a user's own state, each with its test, all of which must hold. The test of an active enrolment
    /// in a visible course only asks for some active enrolment: visibility is joined separately.
    /// </summary>
    private static (StateCondition Condition, Func<UserState, bool> Holds)[] UserTests(StatePredicateSpec predicate) =>
        predicate.AllOf.Select(condition => (condition, condition.Atom switch
        {
            StateAtom.Exists => (Func<UserState, bool>)(s => s.Exists),
            StateAtom.NotDeleted => s => !s.Deleted,
            StateAtom.PersonAccount => s => string.Equals(s.AccountType, UserState.PersonAccount, StringComparison.Ordinal),
            StateAtom.ActiveFlag => s => s.Active == true,
            StateAtom.NotDeactivated => s => s.Active != false,
            StateAtom.NotSuspended => s => !s.Suspended,
            StateAtom.SeatAssigned => s => s.Seat,
            StateAtom.CredentialEnabled => s => s.Credential,
            StateAtom.Licensed => s => s.Licensed,
            StateAtom.EnrolledInVisibleCourse => s => s.Enrolments.ContainsValue(true),
            StateAtom.HasRole when condition.Argument is { } role => s => s.Roles.Contains(role),
            StateAtom.HasRole => throw new ArgumentException("The condition HasRole needs the role as its argument.", nameof(predicate)),
            _ => throw new ArgumentException($"The condition {condition.Atom} does not apply to users.", nameof(predicate)),
        })).ToArray();

    /// <summary>The instants at which some enrolment of the user is active in a course that is visible then.</summary>
    private static IntervalSet EnrolledInVisibleCourse(UserTimeline timeline, Tenants.TenantId tenant, MeasureContext context, Dictionary<string, IntervalSet> courses)
    {
        var result = IntervalSet.Empty;
        var courseIds = timeline.Segments.SelectMany(s => s.State.Enrolments.Keys).Distinct(StringComparer.Ordinal);
        foreach (var course in courseIds)
        {
            if (!courses.TryGetValue(course, out var visible))
            {
                visible = ToggleTimeline.Visible(context.Inputs.FactsOf(tenant, FactFamily.Course, new Subject(course)));
                courses.Add(course, visible);
            }

            var enrolled = timeline.Where(s => s.Enrolments.TryGetValue(course, out var active) && active);
            result = result.Union(enrolled.Intersect(visible));
        }

        return result;
    }

    private static void RequireOnly(StatePredicateSpec predicate, StateAtom atom)
    {
        if (predicate.AllOf.Any(c => c.Atom != atom))
        {
            throw new ArgumentException($"A {predicate.Family} predicate has the single condition {atom}.", nameof(predicate));
        }
    }

    /// <summary>The last instant of a half-open window: state there is the state after every fact before the end.</summary>
    public static Instant LastInstant(Interval window) => window.End - Duration.Epsilon;
}

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
                    var simple = UserCondition(predicate);
                    var needsCourses = predicate.AllOf.Any(c => c.Atom == StateAtom.EnrolledInVisibleCourse);
                    var courses = new Dictionary<string, IntervalSet>(StringComparer.Ordinal);
                    foreach (var (user, facts) in context.Inputs.TimelinesOf(tenant, FactFamily.User))
                    {
                        var timeline = UserTimeline.Of(facts);
                        var instants = timeline.Where(simple);
                        if (needsCourses && !instants.IsEmpty)
                        {
                            instants = instants.Intersect(EnrolledInVisibleCourse(timeline, tenant, context, courses));
                        }

                        holdings.Add(new Holding(new CountedUnit(tenant, user, null), instants));
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

    /// <summary>The conditions on a user's own state, all of which must hold (enrolment visibility is joined separately).</summary>
    private static Func<UserState, bool> UserCondition(StatePredicateSpec predicate)
    {
        var tests = predicate.AllOf.Select(condition => condition.Atom switch
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
        }).ToArray();
        return state => tests.All(test => test(state));
    }

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

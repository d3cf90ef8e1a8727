using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Metering.Domain.Events;
using Metering.Domain.Rules;

namespace Metering.Domain.Formats;

/// <summary>
/// The kebab-case names that contract documents and invoices use for the generic rule's enumerations
/// (<c>calendar-month</c>, <c>distinct-state</c>, <c>period-end</c>, <c>subject-and-deployment</c>,
/// <c>seat-assigned</c>, <c>access-id</c>). The names are part of both JSON formats: they never change once
/// published, whatever the C# member is called.
/// </summary>
public static class RuleVocabulary
{
    private static readonly Vocabulary<WindowSchemeKind> Schemes = new(
        (WindowSchemeKind.CalendarMonth, "calendar-month"),
        (WindowSchemeKind.ContractYear, "contract-year"),
        (WindowSchemeKind.NinetyDay, "ninety-day"),
        (WindowSchemeKind.Rolling, "rolling"),
        (WindowSchemeKind.Term, "term"),
        (WindowSchemeKind.ContractMonth, "contract-month"));

    private static readonly Vocabulary<MeasureKind> Measures = new(
        (MeasureKind.DistinctActive, "distinct-active"),
        (MeasureKind.DistinctState, "distinct-state"),
        (MeasureKind.PeakConcurrent, "peak-concurrent"),
        (MeasureKind.MaxOfWindows, "max-of-windows"),
        (MeasureKind.AverageOfMonths, "average-of-months"),
        (MeasureKind.ActivatedMonths, "activated-months"));

    private static readonly Vocabulary<StatePolicy> Policies = new(
        (StatePolicy.AnyTime, "any-time"),
        (StatePolicy.PeriodEnd, "period-end"),
        (StatePolicy.Peak, "peak"));

    private static readonly Vocabulary<UnitDimension> Units = new(
        (UnitDimension.Subject, "subject"),
        (UnitDimension.SubjectAndDeployment, "subject-and-deployment"));

    private static readonly Vocabulary<StateAtom> Atoms = new(
        (StateAtom.Exists, "exists"),
        (StateAtom.NotDeleted, "not-deleted"),
        (StateAtom.PersonAccount, "person-account"),
        (StateAtom.ActiveFlag, "active-flag"),
        (StateAtom.NotDeactivated, "not-deactivated"),
        (StateAtom.NotSuspended, "not-suspended"),
        (StateAtom.SeatAssigned, "seat-assigned"),
        (StateAtom.CredentialEnabled, "credential-enabled"),
        (StateAtom.Licensed, "licensed"),
        (StateAtom.EnrolledInVisibleCourse, "enrolled-in-visible-course"),
        (StateAtom.EndpointProtected, "endpoint-protected"),
        (StateAtom.AccessIdAssigned, "access-id-assigned"),
        (StateAtom.HasRole, "has-role"));

    private static readonly Vocabulary<FactFamily> Families = new(
        (FactFamily.User, "user"),
        (FactFamily.Course, "course"),
        (FactFamily.Endpoint, "endpoint"),
        (FactFamily.AccessId, "access-id"),
        (FactFamily.Organisation, "organisation"),
        (FactFamily.Session, "session"));

    /// <summary>The name of a window scheme.</summary>
    public static string Name(WindowSchemeKind value) => Schemes.Name(value);

    /// <summary>The name of a measure.</summary>
    public static string Name(MeasureKind value) => Measures.Name(value);

    /// <summary>The name of a state policy.</summary>
    public static string Name(StatePolicy value) => Policies.Name(value);

    /// <summary>The name of a unit dimension.</summary>
    public static string Name(UnitDimension value) => Units.Name(value);

    /// <summary>The name of a state atom.</summary>
    public static string Name(StateAtom value) => Atoms.Name(value);

    /// <summary>The name of a fact family.</summary>
    public static string Name(FactFamily value) => Families.Name(value);

    /// <summary>Reads a window scheme name.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out WindowSchemeKind? value) => Schemes.TryParse(name, out value);

    /// <summary>Reads a measure name.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out MeasureKind? value) => Measures.TryParse(name, out value);

    /// <summary>Reads a state policy name.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out StatePolicy? value) => Policies.TryParse(name, out value);

    /// <summary>Reads a unit dimension name.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out UnitDimension? value) => Units.TryParse(name, out value);

    /// <summary>Reads a state atom name.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out StateAtom? value) => Atoms.TryParse(name, out value);

    /// <summary>Reads a fact family name.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out FactFamily? value) => Families.TryParse(name, out value);

    /// <summary>Every window scheme name, in declaration order.</summary>
    public static IReadOnlyList<string> SchemeNames { get; } = [.. Schemes.Names.Where(n => n != "contract-month")];

    /// <summary>Every measure name, in declaration order.</summary>
    public static IReadOnlyList<string> MeasureNames => Measures.Names;

    /// <summary>Every state policy name, in declaration order.</summary>
    public static IReadOnlyList<string> PolicyNames => Policies.Names;

    /// <summary>Every unit dimension name, in declaration order.</summary>
    public static IReadOnlyList<string> UnitNames => Units.Names;

    /// <summary>Every state atom name, in declaration order.</summary>
    public static IReadOnlyList<string> AtomNames => Atoms.Names;

    /// <summary>Every fact family name, in declaration order.</summary>
    public static IReadOnlyList<string> FamilyNames => Families.Names;

    private sealed class Vocabulary<T>
        where T : struct, Enum
    {
        private readonly FrozenDictionary<T, string> _names;
        private readonly FrozenDictionary<string, T> _values;

        public Vocabulary(params (T Value, string Name)[] pairs)
        {
            _names = pairs.ToFrozenDictionary(p => p.Value, p => p.Name);
            _values = pairs.ToFrozenDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
            Names = [.. pairs.Select(p => p.Name)];
        }

        public IReadOnlyList<string> Names { get; }

        public string Name(T value) =>
            _names.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, "No JSON name for this value.");

        public bool TryParse(string? name, [NotNullWhen(true)] out T? value)
        {
            if (name is not null && _values.TryGetValue(name, out var found))
            {
                value = found;
                return true;
            }

            value = null;
            return false;
        }
    }
}

using System.Collections.Immutable;
using Metering.Domain.Events;
using Metering.Domain.Facts;
using NodaTime;

namespace Metering.Domain.Timelines;

/// <summary>
/// What is known about one user at an instant, after every fact before it (in <see cref="FactOrder"/>). Facts about
/// a user whose creation never arrived still set the conditions that do not need existence (a seat, a credential,
/// a licence); a deletion ends everything, and only a creation after it starts a new incarnation.
/// </summary>
internal sealed record UserState
{
    public const string PersonAccount = "person";

    public static UserState Initial { get; } = new();

    /// <summary>Inside an incarnation: created and not deleted since.</summary>
    public bool Exists { get; init; }

    /// <summary>A deletion happened and no creation followed it.</summary>
    public bool Deleted { get; init; }

    /// <summary>How many incarnations have started (0 before the first creation); the current or last one.</summary>
    public int Incarnation { get; init; }

    public string AccountType { get; init; } = PersonAccount;

    /// <summary>The active flag: null until a creation, an update or an (de)activation says something.</summary>
    public bool? Active { get; init; }

    public bool Suspended { get; init; }

    public ImmutableSortedSet<string> Roles { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    public bool Seat { get; init; }

    public bool Credential { get; init; }

    /// <summary>Live licences by licence id.</summary>
    public ImmutableSortedDictionary<string, LicenceGrant> Licences { get; init; } = ImmutableSortedDictionary.Create<string, LicenceGrant>(StringComparer.Ordinal);

    /// <summary>Enrolments by course id: true while active, false while suspended.</summary>
    public ImmutableSortedDictionary<string, bool> Enrolments { get; init; } = ImmutableSortedDictionary.Create<string, bool>(StringComparer.Ordinal);

    public bool Licensed => !Licences.IsEmpty;

    /// <summary>Whether a live licence opens <paramref name="contentId"/>.</summary>
    public bool HoldsLicenceFor(string? contentId) =>
        contentId is not null && Licences.Values.Any(l => string.Equals(l.ContentId, contentId, StringComparison.Ordinal));

    /// <summary>The earliest instant at which a live licence lapses on its own, if any.</summary>
    public Instant? NextExpiry()
    {
        Instant? next = null;
        foreach (var licence in Licences.Values)
        {
            if (licence.ExpiresAt is { } at && (next is null || at < next))
            {
                next = at;
            }
        }

        return next;
    }

    /// <summary>The state once the licences lapsing at <paramref name="instant"/> have ended.</summary>
    public UserState Lapse(Instant instant) =>
        this with { Licences = Licences.RemoveRange(Licences.Where(l => l.Value.ExpiresAt == instant).Select(l => l.Key)) };

    /// <summary>The state after <paramref name="fact"/>, a fact of this user's timeline.</summary>
    public UserState Apply(Fact fact)
    {
        var data = fact.Data;
        return fact.Type switch
        {
            EventCatalog.UserCreated when !Exists => this with
            {
                Exists = true,
                Deleted = false,
                Incarnation = checked(Incarnation + 1),
                AccountType = data.AccountType ?? PersonAccount,
                Active = data.Active ?? true,
                Roles = data.Roles is { } roles ? ToSet(roles) : Roles,
            },

            // A second creation inside an incarnation (a re-sent event with a new id) cannot end it: only a
            // deletion does. It states the fields it carries, like an update.
            EventCatalog.UserCreated or EventCatalog.UserUpdated => this with
            {
                AccountType = data.AccountType ?? AccountType,
                Active = data.Active ?? Active,
                Roles = data.Roles is { } roles ? ToSet(roles) : Roles,
            },
            EventCatalog.UserActivated => this with { Active = true },
            EventCatalog.UserDeactivated => this with { Active = false },
            EventCatalog.UserSuspended => this with { Suspended = true },
            EventCatalog.UserUnsuspended => this with { Suspended = false },
            EventCatalog.UserDeleted => Initial with { Deleted = true, Incarnation = Incarnation, Active = false },
            EventCatalog.RoleGranted when data.Role is not null => this with { Roles = Roles.Add(data.Role) },
            EventCatalog.RoleRevoked when data.Role is not null => this with { Roles = Roles.Remove(data.Role) },
            EventCatalog.SeatAssigned => this with { Seat = true },
            EventCatalog.SeatReleased => this with { Seat = false },
            EventCatalog.CredentialEnabled => this with { Credential = true },
            EventCatalog.CredentialDisabled => this with { Credential = false },
            EventCatalog.LicenseGranted when data.LicenseId is not null => Grant(data.LicenseId, data, fact.Time),
            EventCatalog.LicenseRevoked or EventCatalog.LicenseExpired when data.LicenseId is not null =>
                this with { Licences = Licences.Remove(data.LicenseId) },
            EventCatalog.EnrollmentCreated or EventCatalog.EnrollmentResumed when data.CourseId is not null =>
                this with { Enrolments = Enrolments.SetItem(data.CourseId, true) },
            EventCatalog.EnrollmentSuspended when data.CourseId is not null =>
                this with { Enrolments = Enrolments.SetItem(data.CourseId, false) },
            EventCatalog.EnrollmentDeleted when data.CourseId is not null =>
                this with { Enrolments = Enrolments.Remove(data.CourseId) },
            _ => this,
        };
    }

    // A later grant of the same licence id renews it: its content and expiry replace the earlier ones. A grant whose
    // expiry is not after its own time never makes the licence live.
    private UserState Grant(string licenceId, EventData data, Instant at) =>
        data.ExpiresAt is { } expires && expires <= at
            ? this with { Licences = Licences.Remove(licenceId) }
            : this with { Licences = Licences.SetItem(licenceId, new LicenceGrant(data.ContentId, data.ExpiresAt)) };

    private static ImmutableSortedSet<string> ToSet(ImmutableArray<string> roles) => ImmutableSortedSet.CreateRange(StringComparer.Ordinal, roles);
}

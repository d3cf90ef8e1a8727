using System.Collections.Immutable;

namespace Metering.Domain.Contracts;

/// <summary>
/// The parameters a contract gives its template; each template reads the ones it defines and validation rejects
/// the others. Null means "the template's default".
/// </summary>
public sealed record TemplateParameters
{
    /// <summary>No parameters: every default.</summary>
    public static TemplateParameters None { get; } = new();

    /// <summary><c>monthly-active</c> and generic activity meters: the event types that count (default: every activity type).</summary>
    public ImmutableArray<string>? Types { get; init; }

    /// <summary><c>concurrent-users</c>: minutes without an event after which a session is over (default 30).</summary>
    public int? IdleTimeoutMinutes { get; init; }

    /// <summary><c>rolling-12-months</c>: months per window (default 12).</summary>
    public int? Months { get; init; }

    /// <summary><c>activated-users</c>: months in a billing run (e.g. 15; required).</summary>
    public int? BillingMonths { get; init; }

    /// <summary><c>meeting-hosts</c> and its variants: the meeting origins that count (default meetings, app, pstn).</summary>
    public ImmutableArray<string>? Origins { get; init; }

    /// <summary><c>active-flag-users</c>: the administrator role (default <c>administrator</c>).</summary>
    public string? AdministratorRole { get; init; }

    /// <summary><c>contract-year-active</c>, <c>meeting-hosts</c>...: whether aliases are resolved to their owners (default true).</summary>
    public bool? ResolveAliases { get; init; }

    /// <summary><c>flex-true-forward</c>: knowledge workers on the initial order (at least 250 to be eligible).</summary>
    public long? KnowledgeWorkers { get; init; }

    /// <summary><c>flex-true-forward</c> (Webex variant): employees on the order.</summary>
    public long? Employees { get; init; }

    /// <summary><c>flex-true-forward</c>: the Active Users of the migrated subscription, when the contract says it migrates.</summary>
    public long? MigratedActiveUsers { get; init; }

    /// <summary><c>flex-true-forward</c>: the percentage of the base that sets the initial AU minimum (default 15).</summary>
    public decimal? MinimumPercent { get; init; }

    /// <summary><c>flex-true-forward</c>: the base of that percentage, <c>knowledge-workers</c> (default) or <c>employees</c>.</summary>
    public string? MinimumBase { get; init; }

    /// <summary><c>flex-true-forward</c>: the floor of the AU minimum (default 40).</summary>
    public long? MinimumFloor { get; init; }

    /// <summary><c>flex-true-forward</c>: the percentage of deployed knowledge workers of the second meter (default 15).</summary>
    public decimal? DeployedPercent { get; init; }
}

namespace Metering.Domain.Templates;

/// <summary>The names of the rule templates (docs/rules.md, 5), one per system in the seeds; each names a <see cref="RuleTemplate"/> of the catalogue.</summary>
public static class TemplateNames
{
#pragma warning disable CS1591 // Each constant is the template name it is named after; docs/rules.md describes each.
    public const string MonthlyActive = "monthly-active";
    public const string ContractYearActive = "contract-year-active";
    public const string ProvisionedAccounts = "provisioned-accounts";
    public const string AssignedSeats = "assigned-seats";
    public const string ValidLogin = "valid-login";
    public const string ConcurrentUsers = "concurrent-users";
    public const string Rolling12Months = "rolling-12-months";
    public const string ProtectedEndpoints = "protected-endpoints";
    public const string RegisteredUsers = "registered-users";
    public const string TermLogins = "term-logins";
    public const string MeetingHosts = "meeting-hosts";
    public const string MeetingHostsPerDeployment = "meeting-hosts-per-deployment";
    public const string FlexTrueForward = "flex-true-forward";
    public const string AccessIdUsers = "access-id-users";
    public const string NinetyDayPeak = "ninety-day-peak";
    public const string ActivatedUsers = "activated-users";
    public const string ActiveFlagUsers = "active-flag-users";
    public const string UniqueLogins = "unique-logins";
    public const string FlexibleSeats = "flexible-seats";
#pragma warning restore CS1591

    /// <summary>Every template name, in the catalogue's order (docs/rules.md).</summary>
    public static IReadOnlyList<string> All { get; } = [.. TemplateCatalog.All.Select(t => t.Name)];
}

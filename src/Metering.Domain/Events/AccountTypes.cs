namespace Metering.Domain.Events;

/// <summary>
/// The values of <c>data.accountType</c> on <c>user.created</c> and <c>user.updated</c> (docs/events.md). A user
/// created without one is a <see cref="Person"/>; KnowBe4 counts persons only (seed 000).
/// </summary>
public static class AccountTypes
{
    /// <summary>An individual; the default at creation.</summary>
    public const string Person = "person";

    /// <summary>Another address of a person, not counted on its own.</summary>
    public const string Alias = "alias";

    /// <summary>A distribution group.</summary>
    public const string Group = "group";

    /// <summary>A functional (shared) account.</summary>
    public const string Functional = "functional";

    /// <summary>A service (machine) account.</summary>
    public const string Service = "service";

    internal static readonly string[] Values = [Person, Alias, Group, Functional, Service];
}

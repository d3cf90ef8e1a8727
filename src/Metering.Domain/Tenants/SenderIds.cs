using System.Text.RegularExpressions;

namespace Metering.Domain.Tenants;

/// <summary>
/// Sender ids: the producing apps that have an event hub of their own (<c>telemetry-{sender}</c>), granted to their
/// identities alone, and listed by the tenants they may write for (<see cref="Tenant.Senders"/>). The syntax is a
/// tenant id's, <c>[a-z0-9][a-z0-9-]{0,62}</c>, so that the hub name and the function name built from it are valid.
/// </summary>
public static partial class SenderIds
{
    /// <summary>The syntax, for messages.</summary>
    public const string Syntax = "[a-z0-9][a-z0-9-]{0,62}";

    /// <summary>Whether <paramref name="candidate"/> is a sender id.</summary>
    public static bool IsValid(string? candidate) => candidate is not null && Pattern().IsMatch(candidate);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

using System.Diagnostics.CodeAnalysis;

namespace Metering.Storage.Accounts;

/// <summary>
/// The table and container names of one deployment (<c>Storage:Prefix</c>). With an empty prefix the names are
/// the documented defaults (<c>presence</c>, <c>archive</c>, ...). With prefix <c>p</c> a table is <c>{p}{name}</c>
/// (table names are alphanumeric only) and a container <c>{p}-{name}</c>, so that tests and several deployments can
/// share an account without sharing data. A prefix is a lowercase letter followed by at most 39 lowercase letters
/// or digits: valid at the start of both a table name and a container name, leaving room for the longest name.
/// </summary>
public sealed record StorageNames
{
    /// <summary>The default names: no prefix.</summary>
    public static StorageNames Default { get; } = new(string.Empty);

    /// <summary>Creates the names for <paramref name="prefix"/>; throws when it breaks the rule above.</summary>
    public StorageNames(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!IsValidPrefix(prefix, out var problem))
        {
            throw new ArgumentException(problem, nameof(prefix));
        }

        Prefix = prefix;
    }

    /// <summary>The prefix; empty for the default names.</summary>
    public string Prefix { get; }

    /// <summary>The <c>presence</c> table.</summary>
    public string Presence => Table("presence");

    /// <summary>The <c>facts</c> table.</summary>
    public string Facts => Table("facts");

    /// <summary>The <c>sessions</c> table.</summary>
    public string Sessions => Table("sessions");

    /// <summary>The <c>touches</c> table.</summary>
    public string Touches => Table("touches");

    /// <summary>The <c>eventclaims</c> table: per event identity, the content first counted for it.</summary>
    public string EventClaims => Table("eventclaims");

    /// <summary>The <c>tenants</c> table.</summary>
    public string Tenants => Table("tenants");

    /// <summary>The <c>batches</c> table: one marker per completely recorded batch.</summary>
    public string Batches => Table("batches");

    /// <summary>The <c>watermarks</c> table: per tenant, the last day of any closed window.</summary>
    public string Watermarks => Table("watermarks");

    /// <summary>The <c>closes</c> table: the close ledger.</summary>
    public string Closes => Table("closes");

    /// <summary>The <c>contracts</c> container.</summary>
    public string Contracts => Container("contracts");

    /// <summary>The <c>invoices</c> container, read by billing systems.</summary>
    public string Invoices => Container("invoices");

    /// <summary>The <c>closes</c> queue between the schedule step and the closers.</summary>
    public string CloseQueue => Container("closes");

    /// <summary>The <c>published</c> queue: one notice per close that left a window with a revision (the Functions app's latest-revision step).</summary>
    public string PublishedQueue => Container("published");

    /// <summary>
    /// The <c>latest</c> container: <c>{tenant}/{contract}/{window}/latest.json</c>, a copy of each window's newest revision
    /// under a stable name for billing systems (overwritten, so kept out of the write-once <c>invoices</c> container).
    /// </summary>
    public string Latest => Container("latest");

    /// <summary>The <c>archive</c> container.</summary>
    public string Archive => Container("archive");

    /// <summary>The <c>deadletter</c> container.</summary>
    public string DeadLetter => Container("deadletter");

    /// <summary>The prefixed name of a table (alphanumeric base name).</summary>
    public string Table(string name) => Prefix + name;

    /// <summary>The prefixed name of a blob container or queue (lowercase base name).</summary>
    public string Container(string name) => Prefix.Length == 0 ? name : $"{Prefix}-{name}";

    /// <summary>Whether <paramref name="prefix"/> may prefix names; <paramref name="problem"/> says why not.</summary>
    public static bool IsValidPrefix(string prefix, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
        {
            problem = null;
            return true;
        }

        if (prefix.Length > 40 || prefix[0] is < 'a' or > 'z' || !prefix.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9'))
        {
            problem = $"Storage prefix '{prefix}' is not valid: expected a lowercase letter then at most 39 lowercase letters or digits.";
            return false;
        }

        problem = null;
        return true;
    }
}

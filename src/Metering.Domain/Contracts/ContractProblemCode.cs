namespace Metering.Domain.Contracts;

/// <summary>
/// The stable codes of contract problems. A code, once published, keeps its meaning: tools and the CLI's exit
/// codes map them.
/// </summary>
public static class ContractProblemCode
{
    /// <summary>The document is not well-formed JSON (including a property given twice in one object).</summary>
    public const string MalformedJson = "malformed-json";

    /// <summary>A required field is absent or null.</summary>
    public const string Required = "required";

    /// <summary>A field has the wrong JSON type (a string where a number is expected...).</summary>
    public const string WrongType = "wrong-type";

    /// <summary>A field has the right type but an ill-formed or unknown value (an id, a date, a currency, a template...).</summary>
    public const string InvalidValue = "invalid-value";

    /// <summary>A number or date is outside its allowed range (prices, counts and term dates have upper limits: docs/contracts.md, "Limits").</summary>
    public const string OutOfRange = "out-of-range";

    /// <summary>
    /// The contract exceeds a size limit (docs/contracts.md, "Limits"): a list with too many items (versions,
    /// tenants, conditions, values), or more billing windows than a contract may be cut into.
    /// </summary>
    public const string TooLarge = "too-large";

    /// <summary>A property the format does not define (a misspelt field would otherwise be silently ignored).</summary>
    public const string UnknownProperty = "unknown-property";

    /// <summary>A value is listed twice where each must be unique (tenants, event types...).</summary>
    public const string Duplicate = "duplicate";

    /// <summary>A field is well formed but not accepted here (a parameter the template does not take, a rule on a named template...).</summary>
    public const string NotAccepted = "not-accepted";

    /// <summary>Versions are not numbered 1..n, or their effective dates are not strictly increasing inside the term from its start.</summary>
    public const string VersionOrder = "version-order";

    /// <summary>The contract does not meet an eligibility condition of its template (Flex Plan: at least 250 knowledge workers).</summary>
    public const string NotEligible = "not-eligible";

    /// <summary>A fields combination is inconsistent (a price without a currency, a measure without the meter it needs...).</summary>
    public const string Inconsistent = "inconsistent";

    /// <summary>A tenant of the contract is not in the tenant registry.</summary>
    public const string UnregisteredTenant = "unregistered-tenant";

    /// <summary>The tenants of the contract bill in different time zones.</summary>
    public const string ZonesDiffer = "zones-differ";
}

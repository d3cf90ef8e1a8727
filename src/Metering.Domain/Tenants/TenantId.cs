using System.Diagnostics.CodeAnalysis;

namespace Metering.Domain.Tenants;

/// <summary>
/// A vendor's customer: the <c>tenantid</c> extension attribute of an event. One to 63 characters,
/// <c>[a-z0-9][a-z0-9-]{0,62}</c>, so that it can stand in table keys and blob names without encoding.
/// </summary>
public readonly record struct TenantId : IComparable<TenantId>
{
    private TenantId(string value) => Value = value;

    /// <summary>The identifier as written in events and contracts.</summary>
    public string Value { get; }

    /// <summary>Whether <paramref name="candidate"/> is a well-formed tenant id.</summary>
    public static bool IsValid(ReadOnlySpan<char> candidate)
    {
        if (candidate.Length is < 1 or > 63)
        {
            return false;
        }

        if (!IsLowerAlphaNumeric(candidate[0]))
        {
            return false;
        }

        foreach (var c in candidate[1..])
        {
            if (!IsLowerAlphaNumeric(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses a tenant id, or returns false when it breaks the rule above.</summary>
    public static bool TryParse(string? candidate, [NotNullWhen(true)] out TenantId? tenant)
    {
        if (candidate is not null && IsValid(candidate))
        {
            tenant = new TenantId(candidate);
            return true;
        }

        tenant = null;
        return false;
    }

    /// <summary>Parses a tenant id; throws <see cref="FormatException"/> when it is not well formed.</summary>
    public static TenantId Parse(string candidate) =>
        TryParse(candidate, out var tenant)
            ? tenant.Value
            : throw new FormatException($"'{candidate}' is not a tenant id: expected [a-z0-9][a-z0-9-]{{0,62}}.");

    /// <inheritdoc />
    public int CompareTo(TenantId other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;

    private static bool IsLowerAlphaNumeric(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';
}

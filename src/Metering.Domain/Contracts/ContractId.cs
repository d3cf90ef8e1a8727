using System.Diagnostics.CodeAnalysis;
using Metering.Domain.Tenants;

namespace Metering.Domain.Contracts;

/// <summary>A contract's identifier: same form as a tenant id (<c>[a-z0-9][a-z0-9-]{0,62}</c>), so it stands in keys and blob names as is.</summary>
public readonly record struct ContractId : IComparable<ContractId>
{
    private ContractId(string value) => Value = value;

    /// <summary>The identifier.</summary>
    public string Value { get; }

    /// <summary>Parses an id, or returns false when it is not well formed.</summary>
    public static bool TryParse(string? candidate, [NotNullWhen(true)] out ContractId? id)
    {
        if (candidate is not null && TenantId.IsValid(candidate))
        {
            id = new ContractId(candidate);
            return true;
        }

        id = null;
        return false;
    }

    /// <summary>Parses an id; throws <see cref="FormatException"/> when it is not well formed.</summary>
    public static ContractId Parse(string candidate) =>
        TryParse(candidate, out var id) ? id.Value : throw new FormatException($"'{candidate}' is not a contract id: expected [a-z0-9][a-z0-9-]{{0,62}}.");

    /// <inheritdoc />
    public int CompareTo(ContractId other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}

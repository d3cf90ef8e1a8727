using System.Globalization;
using Metering.Domain.Contracts;

namespace Metering.Domain.Commercial;

/// <summary>
/// A commercial line of a window cannot be computed: its amount does not fit a <see cref="decimal"/>. The contract
/// limits (<see cref="ContractLimits"/>) rule this out for every quantity up to <see cref="ContractLimits.MaximumUnits"/>;
/// should it still happen (a quantity far above it), the failure names the contract, the window and the JSON path of
/// the contract field that priced the line, instead of "Value was either too large or too small for a Decimal".
/// Running the close again does not cure it: the contract must be amended.
/// </summary>
public sealed class ChargeComputationException : Exception
{
    /// <summary>
    /// A line of commercial terms not yet placed in a contract window: <paramref name="field"/> is the commercial field
    /// (<c>unitPrice</c>), or empty for the terms as a whole (their total).
    /// </summary>
    /// <param name="field">The commercial field that priced the line, or empty.</param>
    /// <param name="detail">What could not be computed.</param>
    /// <param name="innerException">The arithmetic failure.</param>
    public ChargeComputationException(string field, string detail, Exception? innerException = null)
        : this(null, null, field.Length == 0 ? "commercial" : "commercial." + field, detail, innerException)
    {
    }

    private ChargeComputationException(ContractId? contract, string? windowId, string field, string detail, Exception? innerException)
        : base(MessageOf(contract, windowId, field, detail), innerException)
    {
        Contract = contract;
        WindowId = windowId;
        Field = field;
        Detail = detail;
    }

    /// <summary>The contract, once the failure is placed in one of its windows.</summary>
    public ContractId? Contract { get; }

    /// <summary>The window id (<c>{first}_{last}</c>), once known.</summary>
    public string? WindowId { get; }

    /// <summary>The JSON path of the field that priced the line: <c>versions[0].commercial.unitPrice</c> once placed, <c>commercial.unitPrice</c> before.</summary>
    public string Field { get; }

    /// <summary>What could not be computed (<c>the base line 1000 × 9999999999999999999999999999 does not fit a decimal amount</c>).</summary>
    public string Detail { get; }

    /// <summary>This failure placed in a window of a contract: the field becomes the JSON path of <paramref name="version"/>'s field.</summary>
    public ChargeComputationException In(ContractId contract, ContractVersion version, string windowId)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(windowId);
        var path = string.Create(CultureInfo.InvariantCulture, $"versions[{version.Number - 1}].{Field}");
        return new ChargeComputationException(contract, windowId, path, Detail, InnerException);
    }

    private static string MessageOf(ContractId? contract, string? windowId, string field, string detail) =>
        contract is { } id
            ? $"contract {id}, window {windowId}: {field}: {detail}; the window cannot be priced until the contract is amended (docs/contracts.md, Limits)."
            : $"{field}: {detail}.";
}

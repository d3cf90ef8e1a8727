using System.Collections.Immutable;

namespace Metering.Domain.Contracts;

/// <summary>
/// The outcome of reading a contract document: the contract when the document has no problem, otherwise every
/// problem found (never only the first), in document order.
/// </summary>
/// <param name="Contract">The contract, or null when <see cref="Problems"/> is not empty.</param>
/// <param name="Problems">Every problem, each with the JSON path of its field.</param>
public sealed record ContractReadResult(Contract? Contract, ImmutableArray<ContractProblem> Problems)
{
    /// <summary>Whether the document is a valid contract.</summary>
    public bool IsValid => Contract is not null && Problems.IsEmpty;
}

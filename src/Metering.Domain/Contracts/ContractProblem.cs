namespace Metering.Domain.Contracts;

/// <summary>
/// One problem with a contract document: the field it concerns, as a JSON path from the document root
/// (<c>versions[1].parameters.knowledgeWorkers</c>; <c>$</c> for the document itself), a stable code from
/// <see cref="ContractProblemCode"/> and a sentence for the person who wrote the contract.
/// </summary>
/// <param name="Path">The JSON path of the field concerned.</param>
/// <param name="Code">A stable code from <see cref="ContractProblemCode"/>.</param>
/// <param name="Message">What is wrong and what is expected.</param>
public sealed record ContractProblem(string Path, string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message} ({Code})";
}

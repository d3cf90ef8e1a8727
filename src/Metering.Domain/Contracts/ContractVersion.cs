using Metering.Domain.Rules;
using NodaTime;

namespace Metering.Domain.Contracts;

/// <summary>
/// One version of a contract: the rule in force from <see cref="Effective"/> until the next version's effective
/// date (or the end of the term). Version 1 is effective at the term start; an amendment is a later version.
/// </summary>
/// <param name="Number">1, 2, ... in effective order.</param>
/// <param name="Effective">The first local day this version governs.</param>
/// <param name="Template">A template name of docs/rules.md, 5, or <c>generic</c> with <paramref name="Rule"/>.</param>
/// <param name="Parameters">The template's parameters.</param>
/// <param name="Rule">For <c>generic</c>: the rule itself.</param>
/// <param name="Commercial">Commercial terms.</param>
public sealed record ContractVersion(
    int Number,
    LocalDate Effective,
    string Template,
    TemplateParameters Parameters,
    RuleSpec? Rule,
    CommercialTerms Commercial)
{
    /// <summary>The template name of a contract that states its rule directly.</summary>
    public const string Generic = "generic";
}

using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;

namespace Metering.Domain.Invoices;

/// <summary>
/// The rule an invoice applied (docs/invoices.md, <c>template</c>: an invoice names its template, parameters and every
/// policy it applied): the template name, the parameters as the contract gives them (absent ones take the template's
/// defaults, which the policies spell out), the rule itself for <c>generic</c>, and every policy as a sentence.
/// </summary>
/// <param name="Name">The template name, or <c>generic</c>.</param>
/// <param name="Parameters">The parameters as given.</param>
/// <param name="Rule">The rule of a <c>generic</c> version; null for a named template.</param>
/// <param name="Policies">Every policy applied, in the order the rule reported them.</param>
public sealed record TemplateApplied(string Name, TemplateParameters Parameters, RuleSpec? Rule, ImmutableArray<string> Policies);

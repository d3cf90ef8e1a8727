using System.Collections.Immutable;

namespace Metering.Domain.Templates;

/// <summary>
/// What one template accepts for one parameter: its JSON type, whether the contract must give it, its range
/// (both ends inclusive) or its allowed values, and the default the template applies when it is absent.
/// </summary>
/// <param name="Name">The parameter's JSON name (<c>billingMonths</c>).</param>
/// <param name="Type">Its JSON type.</param>
/// <param name="Required">Whether the contract must give it.</param>
/// <param name="Minimum">The smallest accepted value, inclusive, for numbers.</param>
/// <param name="Maximum">The largest accepted value, inclusive, for numbers.</param>
/// <param name="Allowed">For text and lists: the accepted values (every one of a list must be accepted); empty means any.</param>
/// <param name="Default">The template's default, as text for the docs, or null when there is none.</param>
/// <param name="Eligibility">When a value below <paramref name="Minimum"/> makes the contract ineligible for the template rather than merely wrong: the clause that says so.</param>
public sealed record TemplateParameterRule(
    string Name,
    TemplateParameterType Type,
    bool Required,
    decimal? Minimum,
    decimal? Maximum,
    ImmutableArray<string> Allowed,
    string? Default,
    string? Eligibility = null)
{
    /// <summary>The range as a sentence (<c>between 1 and 1440</c>, <c>at least 250</c>), or null when unbounded.</summary>
    public string? RangeText =>
        (Minimum, Maximum) switch
        {
            ({ } min, { } max) => FormattableString.Invariant($"between {min} and {max}"),
            ({ } min, null) => FormattableString.Invariant($"at least {min}"),
            (null, { } max) => FormattableString.Invariant($"at most {max}"),
            _ => null,
        };
}

using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Metering.Domain.Contracts;

/// <summary>
/// The parameters a contract gives its template, by JSON name. A contract knows no parameter by name: each template
/// declares the ones it takes, with their types and defaults, the contract reader checks a version's parameters
/// against its template's, and the template reads them back with the accessor of their type. A parameter that is
/// absent takes the template's default.
/// </summary>
public sealed class TemplateParameters : IEquatable<TemplateParameters>
{
    private TemplateParameters(ImmutableSortedDictionary<string, ParameterValue> values) => Values = values;

    /// <summary>No parameters: every default.</summary>
    public static TemplateParameters None { get; } = new(ImmutableSortedDictionary.Create<string, ParameterValue>(StringComparer.Ordinal));

    /// <summary>The parameters given, by name (ordinal order).</summary>
    public ImmutableSortedDictionary<string, ParameterValue> Values { get; }

    /// <summary>The number of parameters given.</summary>
    public int Count => Values.Count;

    /// <summary>These parameters with <paramref name="name"/> set to <paramref name="value"/> (replacing what it held).</summary>
    public TemplateParameters With(string name, ParameterValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        return new(Values.SetItem(name, value));
    }

    /// <summary>These parameters with a whole number.</summary>
    public TemplateParameters With(string name, long value) => With(name, new ParameterValue.Integer(value));

    /// <summary>These parameters with a decimal.</summary>
    public TemplateParameters With(string name, decimal value) => With(name, new ParameterValue.Decimal(value));

    /// <summary>These parameters with a flag.</summary>
    public TemplateParameters With(string name, bool value) => With(name, new ParameterValue.Boolean(value));

    /// <summary>These parameters with a string.</summary>
    public TemplateParameters With(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return With(name, new ParameterValue.Text(value));
    }

    /// <summary>These parameters with a list of strings.</summary>
    public TemplateParameters With(string name, ImmutableArray<string> values)
    {
        if (values.IsDefault)
        {
            throw new ArgumentException("A list parameter needs a list.", nameof(values));
        }

        return With(name, new ParameterValue.TextList(values));
    }

    /// <summary>The value given for <paramref name="name"/>, or false when it is absent.</summary>
    public bool TryGet(string name, [MaybeNullWhen(false)] out ParameterValue value) => Values.TryGetValue(name, out value);

    /// <summary>The whole number given for <paramref name="name"/>, or null when it is absent.</summary>
    /// <exception cref="InvalidOperationException">The parameter holds another type.</exception>
    public long? Integer(string name) => Get<ParameterValue.Integer>(name)?.Value;

    /// <summary>The decimal given for <paramref name="name"/>, or null when it is absent.</summary>
    /// <exception cref="InvalidOperationException">The parameter holds another type.</exception>
    public decimal? Decimal(string name) => Get<ParameterValue.Decimal>(name)?.Value;

    /// <summary>The flag given for <paramref name="name"/>, or null when it is absent.</summary>
    /// <exception cref="InvalidOperationException">The parameter holds another type.</exception>
    public bool? Boolean(string name) => Get<ParameterValue.Boolean>(name)?.Value;

    /// <summary>The string given for <paramref name="name"/>, or null when it is absent.</summary>
    /// <exception cref="InvalidOperationException">The parameter holds another type.</exception>
    public string? Text(string name) => Get<ParameterValue.Text>(name)?.Value;

    /// <summary>The list given for <paramref name="name"/>, or null when it is absent.</summary>
    /// <exception cref="InvalidOperationException">The parameter holds another type.</exception>
    public ImmutableArray<string>? TextList(string name) => Get<ParameterValue.TextList>(name)?.Values;

    /// <inheritdoc />
    public bool Equals(TemplateParameters? other) =>
        other is not null && (ReferenceEquals(this, other) || (Count == other.Count && Values.All(p => other.Values.TryGetValue(p.Key, out var v) && p.Value.Equals(v))));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TemplateParameters);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var (name, value) in Values)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <summary>The parameters as they read in a message: <c>{months: 3, types: [user.login]}</c>.</summary>
    public override string ToString() => $"{{{string.Join(", ", Values.Select(p => $"{p.Key}: {p.Value}"))}}}";

    private T? Get<T>(string name)
        where T : ParameterValue
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Values.TryGetValue(name, out var value))
        {
            return null;
        }

        return value as T ?? throw new InvalidOperationException($"Parameter '{name}' holds {value.GetType().Name.ToLowerInvariant()} {value}, not {typeof(T).Name.ToLowerInvariant()}.");
    }
}

using System.Collections.Immutable;
using System.Globalization;

namespace Metering.Domain.Contracts;

/// <summary>
/// The value a contract gives one template parameter, of one of the five JSON types a parameter can have. The
/// template that declares the parameter says which type it takes; the contract reader checks it, and the
/// template reads it back through <see cref="TemplateParameters"/>.
/// </summary>
public abstract record ParameterValue
{
    private protected ParameterValue()
    {
    }

    /// <summary>The value as it reads in a message (<c>15</c>, <c>true</c>, <c>employees</c>, <c>[app, pstn]</c>).</summary>
    public abstract override string ToString();

    /// <summary>A whole number.</summary>
    /// <param name="Value">The number.</param>
    public sealed record Integer(long Value) : ParameterValue
    {
        /// <inheritdoc />
        public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A decimal, exactly as given.</summary>
    /// <param name="Value">The number.</param>
    public sealed record Decimal(decimal Value) : ParameterValue
    {
        /// <inheritdoc />
        public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary><c>true</c> or <c>false</c>.</summary>
    /// <param name="Value">The flag.</param>
    public sealed record Boolean(bool Value) : ParameterValue
    {
        /// <inheritdoc />
        public override string ToString() => Value ? "true" : "false";
    }

    /// <summary>A string.</summary>
    /// <param name="Value">The text.</param>
    public sealed record Text(string Value) : ParameterValue
    {
        /// <inheritdoc />
        public override string ToString() => Value;
    }

    /// <summary>A list of strings, in the order given; two lists are equal when they hold the same strings in the same order.</summary>
    /// <param name="Values">The strings.</param>
    public sealed record TextList(ImmutableArray<string> Values) : ParameterValue
    {
        /// <inheritdoc />
        public bool Equals(TextList? other) =>
            other is not null && Values.AsSpan().SequenceEqual(other.Values.AsSpan());

        /// <inheritdoc />
        public override int GetHashCode()
        {
            var hash = default(HashCode);
            foreach (var value in Values)
            {
                hash.Add(value, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }

        /// <inheritdoc />
        public override string ToString() => $"[{string.Join(", ", Values)}]";
    }
}

using System.Collections.Immutable;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Metering.Domain.Formats;

/// <summary>
/// The writing conventions shared by every JSON document the project produces (contracts, invoices, evidence):
/// UTF-8 without a byte-order mark, two-space indentation with <c>\n</c> line ends on every platform, only the
/// characters JSON requires escaped (subject ids with non-ASCII letters stay readable), invariant culture, and
/// decimals as strings so that no reader goes through binary floating point. The writing helpers are the only ones the
/// project uses: a <em>nullable</em> member is always written (null when absent), an <em>optional</em> one is left out.
/// </summary>
public static class CanonicalJson
{
    /// <summary>Documents people read: two-space indentation, <c>\n</c> line ends.</summary>
    public static JsonWriterOptions Indented { get; } = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Documents of one line (NDJSON, evidence, stored facts).</summary>
    public static JsonWriterOptions Compact { get; } = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A decimal without trailing zeros after the point (<c>12.50</c> is <c>12.5</c>, <c>3.0</c> is <c>3</c>), so that equal values are equal text.</summary>
    public static string Decimal(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        return text == "-0" ? "0" : text;
    }

    /// <summary>An ISO date, <c>2025-03-01</c>.</summary>
    public static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    /// <summary>An ISO instant in UTC, <c>2025-03-01T08:00:00Z</c>, with fractions of a second only when there are some.</summary>
    public static string Instant(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    /// <summary>Writes the member <paramref name="name"/>: <paramref name="value"/>, or null.</summary>
    public static void WriteNullableString(this Utf8JsonWriter writer, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Writes the member <paramref name="name"/>: <paramref name="value"/>, or null.</summary>
    public static void WriteNullableNumber(this Utf8JsonWriter writer, string name, long? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>Writes the member <paramref name="name"/> when <paramref name="value"/> is not null.</summary>
    public static void WriteOptionalString(this Utf8JsonWriter writer, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Writes the member <paramref name="name"/> when <paramref name="value"/> is not null.</summary>
    public static void WriteOptionalNumber(this Utf8JsonWriter writer, string name, long? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    /// <summary>Writes the member <paramref name="name"/>, a decimal as a string (<see cref="Decimal"/>), when <paramref name="value"/> is not null.</summary>
    public static void WriteOptionalDecimal(this Utf8JsonWriter writer, string name, decimal? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } number)
        {
            writer.WriteString(name, Decimal(number));
        }
    }

    /// <summary>Writes the member <paramref name="name"/>, an array of the strings in their order.</summary>
    public static void WriteStrings(this Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(values);
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the member <paramref name="name"/>, an array of the strings, when there is a list (an empty one included).</summary>
    public static void WriteOptionalStrings(this Utf8JsonWriter writer, string name, ImmutableArray<string>? values)
    {
        if (values is { } list)
        {
            writer.WriteStrings(name, list);
        }
    }
}

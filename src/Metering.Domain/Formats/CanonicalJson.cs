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
/// decimals as strings so that no reader goes through binary floating point.
/// </summary>
internal static class CanonicalJson
{
    public static JsonWriterOptions Indented { get; } = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

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

    public static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static string Instant(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    public static void WriteNullableString(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}

using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Metering.Domain.Commercial;

/// <summary>
/// A currency the project knows: its ISO 4217 code and its minor unit (the digits after the decimal point of an
/// amount). Every invoice line is rounded half away from zero to the minor unit (docs/invoices.md, "Commercial lines"): 2.345 EUR is 2.35,
/// -2.345 EUR is -2.35, 0.5 JPY is 1, and 1.2345 KWD is 1.235. A code outside the table is rejected, because
/// guessing a minor unit would misstate amounts.
/// </summary>
public readonly record struct Currency
{
    private static readonly FrozenDictionary<string, Currency> ByCode = new Currency[]
    {
        new("EUR", 2), new("USD", 2), new("GBP", 2), new("CHF", 2), new("JPY", 0), new("SEK", 2), new("NOK", 2),
        new("DKK", 2), new("CAD", 2), new("AUD", 2), new("NZD", 2), new("BRL", 2), new("MXN", 2), new("INR", 2),
        new("CNY", 2), new("SGD", 2), new("HKD", 2), new("ZAR", 2), new("PLN", 2), new("CZK", 2), new("KWD", 3),
        new("BHD", 3), new("OMR", 3), new("JOD", 3), new("TND", 3), new("KRW", 0), new("ISK", 0), new("CLP", 0),
        new("HUF", 2), new("AED", 2), new("SAR", 2), new("ILS", 2), new("TRY", 2), new("THB", 2), new("TWD", 2),
    }.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);

    private Currency(string code, int minorDigits)
    {
        Code = code;
        MinorDigits = minorDigits;
    }

    /// <summary>The ISO 4217 alphabetic code, upper case.</summary>
    public string Code { get; }

    /// <summary>Digits after the decimal point of an amount: 2 for EUR, 0 for JPY, 3 for KWD.</summary>
    public int MinorDigits { get; }

    /// <summary>Every known currency, ordered by code.</summary>
    public static IEnumerable<Currency> Known => ByCode.Values.OrderBy(c => c.Code, StringComparer.Ordinal);

    /// <summary>Finds a currency by its exact (upper-case) ISO 4217 code.</summary>
    public static bool TryFind(string? code, [NotNullWhen(true)] out Currency? currency)
    {
        if (code is not null && ByCode.TryGetValue(code, out var found))
        {
            currency = found;
            return true;
        }

        currency = null;
        return false;
    }

    /// <summary>The currency of that code; throws <see cref="KeyNotFoundException"/> for a code outside the table.</summary>
    public static Currency Of(string code) =>
        TryFind(code, out var currency) ? currency.Value : throw new KeyNotFoundException($"'{code}' is not a currency the project knows.");

    /// <summary>
    /// Rounds an amount half away from zero to the minor unit, the rule of every invoice line; the result
    /// carries exactly <see cref="MinorDigits"/> decimal places (2.5 EUR becomes 2.50).
    /// </summary>
    public decimal Round(decimal amount)
    {
        var rounded = Math.Round(amount, MinorDigits, MidpointRounding.AwayFromZero);

        // Adding a zero of the minor unit's scale fixes the scale (2.5 + 0.00 = 2.50); a rounded -0.001 becomes
        // a plain zero, never a "negative zero" that would print as -0.00.
        var zero = new decimal(0, 0, 0, false, checked((byte)MinorDigits));
        return rounded == 0m ? zero : rounded + zero;
    }

    /// <summary>
    /// The canonical text of an amount: invariant culture, a point as decimal separator, no grouping, exactly
    /// <see cref="MinorDigits"/> decimals after rounding half away from zero (<c>-12.30</c>, <c>1500</c>, <c>0.125</c> KWD).
    /// </summary>
    public string Format(decimal amount) =>
        Round(amount).ToString("F" + MinorDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => Code ?? string.Empty;
}

using System.Globalization;
using CsCheck;
using Metering.Domain.Commercial;

namespace Metering.Domain.Tests.Commercial;

public sealed class CurrencyTests
{
    [Theory]
    [InlineData("EUR", "2.345", "2.35")]
    [InlineData("EUR", "2.344999", "2.34")]
    [InlineData("EUR", "-2.345", "-2.35")]
    [InlineData("EUR", "-0.004", "0.00")]
    [InlineData("EUR", "0.005", "0.01")]
    [InlineData("EUR", "2.5", "2.50")]
    [InlineData("USD", "1234567.125", "1234567.13")]
    [InlineData("JPY", "0.5", "1")]
    [InlineData("JPY", "1.5", "2")]
    [InlineData("JPY", "2.5", "3")]
    [InlineData("JPY", "-2.5", "-3")]
    [InlineData("JPY", "2.4999", "2")]
    [InlineData("KWD", "1.2345", "1.235")]
    [InlineData("KWD", "-1.2345", "-1.235")]
    [InlineData("BHD", "0.0005", "0.001")]
    [InlineData("BHD", "7", "7.000")]
    public void Amounts_Round_Half_Away_From_Zero_To_The_Minor_Unit(string code, string amount, string expected)
    {
        var currency = Currency.Of(code);

        Assert.Equal(expected, currency.Format(decimal.Parse(amount, CultureInfo.InvariantCulture)));
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), currency.Round(decimal.Parse(amount, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KWD", 3)]
    [InlineData("BHD", 3)]
    [InlineData("CHF", 2)]
    [InlineData("INR", 2)]
    public void Known_Currencies_Carry_Their_Minor_Unit(string code, int digits)
    {
        Assert.True(Currency.TryFind(code, out var currency));
        Assert.Equal(digits, currency.Value.MinorDigits);
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("XXX")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_Codes_Are_Not_Guessed(string? code)
    {
        Assert.False(Currency.TryFind(code, out _));
    }

    [Fact]
    public void The_Table_Has_Every_Currency_The_Brief_Names()
    {
        string[] required = ["EUR", "USD", "GBP", "CHF", "JPY", "SEK", "NOK", "DKK", "CAD", "AUD", "NZD", "BRL", "MXN", "INR", "CNY", "SGD", "HKD", "ZAR", "PLN", "CZK", "KWD", "BHD"];

        Assert.All(required, code => Assert.True(Currency.TryFind(code, out _), code));
    }

    [Fact]
    public void Rounding_Is_Symmetric_Around_Zero()
    {
        Gen.Decimal[-1_000_000m, 1_000_000m].Sample(amount =>
        {
            var eur = Currency.Of("EUR");
            Assert.Equal(eur.Round(amount), -eur.Round(-amount));
            Assert.True(Math.Abs(eur.Round(amount) - amount) <= 0.005m);
        });
    }
}

using System.Text.Json;
using Metering.Domain.Commercial;
using Metering.Domain.Contracts;
using Metering.Domain.Templates;

namespace Metering.Domain.Formats;

/// <summary>
/// Reads the <c>commercial</c> object of a contract version (docs/contracts.md, "Commercial terms"): prices are decimals of at least zero in
/// a currency the project knows; a currency is required as soon as any price is given; an overage price needs
/// the included units it is charged above; the annual unit price is the Flex Plan's true-forward price only. Prices
/// are below <see cref="ContractLimits.MoneyBound"/> and counts at most <see cref="ContractLimits.MaximumUnits"/>, so
/// that every line the contract can produce fits a decimal.
/// </summary>
internal static class CommercialTermsReader
{
    private const string Currency = "currency";
    private const string UnitPrice = "unitPrice";
    private const string IncludedUnits = "includedUnits";
    private const string OverageUnitPrice = "overageUnitPrice";
    private const string MinimumQuantity = "minimumQuantity";
    private const string MinimumAmount = "minimumAmount";
    private const string PerUserFee = "perUserFee";
    private const string AnnualUnitPrice = "annualUnitPrice";
    private const string Progressive = "progressive";

    public static CommercialTerms Read(JsonInput input, JsonElement element, string path, string? template)
    {
        if (!input.Object(element, path, Currency, UnitPrice, IncludedUnits, OverageUnitPrice, MinimumQuantity, MinimumAmount, PerUserFee, AnnualUnitPrice, Progressive))
        {
            return CommercialTerms.None;
        }

        var currencyPath = ContractPath.Field(path, Currency);
        var currency = input.String(JsonInput.Optional(element, Currency), currencyPath, 3);
        if (currency is not null && !Commercial.Currency.TryFind(currency, out _))
        {
            input.Add(currencyPath, ContractProblemCode.InvalidValue, $"'{currency}' is not an ISO 4217 code the project knows; expected one of {string.Join(", ", Commercial.Currency.Known.Select(c => c.Code))}");
        }

        var terms = new CommercialTerms
        {
            Currency = currency,
            UnitPrice = Price(input, element, path, UnitPrice),
            IncludedUnits = Units(input, element, path, IncludedUnits),
            OverageUnitPrice = Price(input, element, path, OverageUnitPrice),
            MinimumQuantity = Units(input, element, path, MinimumQuantity),
            MinimumAmount = Price(input, element, path, MinimumAmount),
            PerUserFee = Price(input, element, path, PerUserFee),
            AnnualUnitPrice = Price(input, element, path, AnnualUnitPrice),
            Progressive = input.Boolean(JsonInput.Optional(element, Progressive), ContractPath.Field(path, Progressive)) ?? false,
        };

        string[] prices = [UnitPrice, OverageUnitPrice, MinimumAmount, PerUserFee, AnnualUnitPrice];
        if (JsonInput.Optional(element, Currency) is null && prices.Any(p => JsonInput.Optional(element, p) is not null))
        {
            input.Add(currencyPath, ContractProblemCode.Required, "a currency is required when any price is given");
        }

        if (JsonInput.Optional(element, OverageUnitPrice) is not null && JsonInput.Optional(element, IncludedUnits) is null)
        {
            input.Add(ContractPath.Field(path, OverageUnitPrice), ContractProblemCode.Inconsistent, "an overage price is charged above includedUnits, which is not given");
        }

        if (JsonInput.Optional(element, AnnualUnitPrice) is not null && template is not null && !(TemplateCatalog.TryFind(template, out var found) && found.PricesTrueForward))
        {
            input.Add(ContractPath.Field(path, AnnualUnitPrice), ContractProblemCode.NotAccepted, $"the annual unit price prices a Flex Plan true forward; {template} has none");
        }

        if (terms.Progressive)
        {
            // Each month bills its newly seen units at the unit price, so that the months add up to the window's count:
            // a commitment over the whole window cannot be split into months, and needs its own terms.
            var progressivePath = ContractPath.Field(path, Progressive);
            if (JsonInput.Optional(element, UnitPrice) is null)
            {
                input.Add(progressivePath, ContractProblemCode.Required, "progressive billing bills each month's newly seen units at unitPrice, which is not given");
            }

            foreach (var other in new[] { IncludedUnits, MinimumQuantity, MinimumAmount, PerUserFee, AnnualUnitPrice }.Where(f => JsonInput.Optional(element, f) is not null))
            {
                input.Add(progressivePath, ContractProblemCode.Inconsistent, $"progressive billing bills each month's newly seen units at unitPrice; {other} applies to the whole window and cannot be split into months");
            }
        }

        return terms;
    }

    private static decimal? Price(JsonInput input, JsonElement element, string path, string name)
    {
        var fieldPath = ContractPath.Field(path, name);
        var value = input.Decimal(JsonInput.Optional(element, name), fieldPath);
        if (value < 0)
        {
            input.Add(fieldPath, ContractProblemCode.OutOfRange, FormattableString.Invariant($"a price is at least 0; got {value}"));
            return null;
        }

        if (value >= ContractLimits.MoneyBound)
        {
            input.Add(fieldPath, ContractProblemCode.OutOfRange, FormattableString.Invariant(
                $"must be less than {ContractLimits.MoneyBound} (at most {ContractLimits.MoneyIntegerDigits} digits before the decimal point), so that every invoice line of the contract can be computed; got {value}"));
            return null;
        }

        return value;
    }

    private static long? Units(JsonInput input, JsonElement element, string path, string name) =>
        input.Integer(JsonInput.Optional(element, name), ContractPath.Field(path, name), 0, ContractLimits.MaximumUnits);
}

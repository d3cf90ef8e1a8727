using System.Collections.Immutable;
using System.Text;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Rules;
using Metering.Testing;
using NodaTime;

namespace Metering.Domain.Tests.Invoices;

public sealed class InvoiceJsonTests
{
    public static TheoryData<int, long, bool> Shapes => new()
    {
        { 1, 130, false },
        { 2, 130, true },
        { 2, 0, false },
        { 3, 7, false },
    };

    private static string WithoutTimestamp(byte[] json) =>
        string.Join('\n', Encoding.UTF8.GetString(json).Split('\n').Where(line => !line.TrimStart().StartsWith("\"generatedAt\"", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Equal_Inputs_Give_Byte_Identical_Invoices_Apart_From_The_Timestamp(int version, long quantity, bool trueForward)
    {
        var tf = trueForward ? InvoiceSamples.TrueForward(12, 7) : null;
        var first = InvoiceJson.Write(InvoiceSamples.Invoice(version, quantity, tf, generatedAt: Instant.FromUtc(2025, 4, 3, 2, 0, 0)));
        var second = InvoiceJson.Write(InvoiceSamples.Invoice(version, quantity, tf, generatedAt: Instant.FromUtc(2025, 4, 3, 2, 0, 7)));

        Assert.NotEqual(first, second);
        Assert.Equal(WithoutTimestamp(first), WithoutTimestamp(second));
        await InvoiceSchema.AssertValidAsync(first);
        await InvoiceSchema.AssertValidAsync(second);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Reading_An_Invoice_Back_And_Writing_It_Again_Gives_The_Same_Bytes(int version, long quantity, bool trueForward)
    {
        var original = InvoiceSamples.Invoice(version, quantity, trueForward ? InvoiceSamples.TrueForward(12, 7) : null, InvoiceSamples.NinetyDayYear);
        var revised = InvoiceSamples.Invoice(version, quantity + 3, null, InvoiceSamples.NinetyDayYear)
            .Supersede(original, ImmutableSortedDictionary.CreateRange([KeyValuePair.Create(new LocalDate(2024, 3, 14), 3L)]));

        foreach (var invoice in new[] { original, revised })
        {
            var bytes = InvoiceJson.Write(invoice);
            var again = InvoiceJson.Write(InvoiceJson.Read(bytes));

            Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(again));
            Assert.Equal(InvoiceFingerprint.Compute(invoice), InvoiceFingerprint.Compute(InvoiceJson.Read(bytes)));
            await InvoiceSchema.AssertValidAsync(bytes);
        }
    }

    [Fact]
    public async Task A_Rounded_Figure_Says_How_And_An_Invoice_Written_Before_Roundings_Were_Stated_Still_Reads()
    {
        var invoice = InvoiceSamples.Invoice();
        var figures = invoice.Figures with
        {
            Named = invoice.Figures.Named.Add(NamedFigure.RoundedUp("average-active-users", 269, 12)).Add(NamedFigure.Mean("mean-monthly-count", 269, 12)),
        };
        var bytes = InvoiceJson.Write(invoice with { Figures = figures });
        await InvoiceSchema.AssertValidAsync(bytes);
        var text = Encoding.UTF8.GetString(bytes);
        var node = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        foreach (var figure in node["measurement"]!["figures"]!.AsArray())
        {
            figure!.AsObject().Remove("rounding");
        }

        var older = node.ToJsonString();

        var read = InvoiceJson.Read(Encoding.UTF8.GetBytes(text)).Figures.Named;
        var readOlder = InvoiceJson.Read(Encoding.UTF8.GetBytes(older)).Figures.Named;

        Assert.Equal(2, text.Split("\"rounding\"").Length - 1);
        Assert.Equal(new NamedFigure("mean-monthly-count", 22.4167m, "269 / 12, shown to 4 decimal places"), read[^1]);
        Assert.Equal(new NamedFigure("average-active-users", 23m, "the mean of 12 monthly counts (269 / 12) rounded up to a whole unit"), read[^2]);
        Assert.NotEqual(text, older);
        Assert.Equal(new NamedFigure("mean-monthly-count", 22.4167m), readOlder[^1]);
        Assert.Null(read[0].Rounding);
    }

    [Fact]
    public async Task Output_Is_Utf8_Without_Bom_With_Readable_Non_Ascii_And_Line_Feeds()
    {
        var bytes = InvoiceJson.Write(InvoiceSamples.Invoice());
        await InvoiceSchema.AssertValidAsync(bytes);
        var text = Encoding.UTF8.GetString(bytes);

        Assert.NotEqual(0xEF, bytes[0]);
        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"ACME Meetings – Ñandú GmbH\"", text, StringComparison.Ordinal);
        Assert.Contains("\"u#2\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Amounts_Are_Strings_With_Exactly_The_Minor_Unit_Digits_And_Prices_Keep_Their_Digits()
    {
        var bytes = InvoiceJson.Write(InvoiceSamples.Invoice(version: 1, quantity: 103));
        var text = Encoding.UTF8.GetString(bytes);
        await InvoiceSchema.AssertValidAsync(bytes);

        Assert.Contains("\"unitPrice\": \"4.50\"", text, StringComparison.Ordinal);
        Assert.Contains("\"amount\": \"450.00\"", text, StringComparison.Ordinal);
        Assert.Contains("\"unitPrice\": \"6.125\"", text, StringComparison.Ordinal);
        Assert.Contains("\"amount\": \"18.38\"", text, StringComparison.Ordinal);
        Assert.Contains("\"total\": \"468.38\"", text, StringComparison.Ordinal);
        Assert.Contains("\"value\": \"12.5\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Window_States_Its_Days_Instants_And_Zone_Across_Daylight_Saving()
    {
        var bytes = InvoiceJson.Write(InvoiceSamples.Invoice());
        var text = Encoding.UTF8.GetString(bytes);
        await InvoiceSchema.AssertValidAsync(bytes);

        // Madrid is UTC+1 on 1 March and UTC+2 from 30 March, so the window is 743 hours, not 744.
        Assert.Contains("\"id\": \"2025-03-01_2025-03-31\"", text, StringComparison.Ordinal);
        Assert.Contains("\"start\": \"2025-02-28T23:00:00Z\"", text, StringComparison.Ordinal);
        Assert.Contains("\"end\": \"2025-03-31T22:00:00Z\"", text, StringComparison.Ordinal);
        Assert.Contains("\"zone\": \"Europe/Madrid\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Ninety_Day_Year_Lists_Its_Periods_And_Uncovered_Days()
    {
        var bytes = InvoiceJson.Write(InvoiceSamples.Invoice(window: InvoiceSamples.NinetyDayYear));
        var back = InvoiceJson.Read(bytes);

        Assert.Equal(2, back.Window.SubWindows.Length);
        Assert.Contains("\"id\": \"2024-02-29_2024-05-28\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains("\"count\": 65", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains("\"count\": null", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(new DateInterval(new LocalDate(2025, 2, 23), new LocalDate(2025, 2, 27)), back.Window.Uncovered);
        Assert.True(back.Window.ClippedToTerm);
        Assert.Contains("\"days\": 5", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        await InvoiceSchema.AssertValidAsync(bytes);
    }

    [Fact]
    public async Task Without_Commercial_Terms_The_Invoice_Carries_Figures_Only()
    {
        var bytes = InvoiceJson.Write(InvoiceSamples.Invoice(version: 3));

        Assert.Contains("\"commercial\": null", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"distinct-state\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        await InvoiceSchema.AssertValidAsync(bytes);
    }

    [Fact]
    public async Task Commitment_Figures_Are_Written_After_The_Rule_Figures_And_Read_Back()
    {
        // Version 1 buys 100 seats: 104 measured are 4 over.
        var invoice = InvoiceSamples.Invoice(version: 1, quantity: 104);

        var bytes = InvoiceJson.Write(invoice);
        var back = InvoiceJson.Read(bytes);

        Assert.Equal(
            ["active-users 104", "average-active-users 12.5", "included-units 100", "overage-units 4"],
            back.Figures.Named.Select(f => $"{f.Name} {f.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        Assert.Equal(invoice.Figures.Named.AsEnumerable(), back.Figures.Named.AsEnumerable());
        Assert.Contains("{\n        \"name\": \"overage-units\",\n        \"value\": \"4\"\n      }", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(bytes, InvoiceJson.Write(back));
        Assert.Equal(InvoiceFingerprint.Compute(invoice), InvoiceFingerprint.Compute(back));
        await InvoiceSchema.AssertValidAsync(bytes);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("{\"schemaVersion\": \"2\"}")]
    [InlineData("not json")]
    public void Something_Else_Is_Not_Read_As_An_Invoice(string json)
    {
        Assert.ThrowsAny<FormatException>(() => InvoiceJson.Read(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public async Task The_Schema_Rejects_A_Float_Amount()
    {
        var text = Encoding.UTF8.GetString(InvoiceJson.Write(InvoiceSamples.Invoice(version: 1)));

        var withFloat = System.Text.RegularExpressions.Regex.Replace(text, "\"amount\": \"([0-9.]+)\"", "\"amount\": $1");

        Assert.NotEqual(text, withFloat);
        Assert.Empty(await InvoiceSchema.ValidateAsync(text));
        Assert.NotEmpty(await InvoiceSchema.ValidateAsync(withFloat));
    }
}

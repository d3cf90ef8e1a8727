using System.Collections.Immutable;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Testing;
using NodaTime;

namespace Metering.Domain.Tests.Invoices;

public sealed class InvoiceFingerprintTests
{
    private static readonly ImmutableSortedDictionary<LocalDate, long> ThreeLateEvents =
        ImmutableSortedDictionary.CreateRange([KeyValuePair.Create(new LocalDate(2025, 3, 30), 3L)]);

    public static TheoryData<string, Func<Invoice, Invoice>> BookkeepingChanges => new()
    {
        { "generation timestamp", i => i with { GeneratedAt = i.GeneratedAt + Duration.FromDays(3) } },
        { "revision, supersedes, delta and late events", i => i.Supersede(InvoiceSamples.Invoice(), ThreeLateEvents) },
        { "late events alone", i => i with { LateEvents = ThreeLateEvents } },
        { "evidence blob name", i => i with { Evidence = i.Evidence with { BlobName = "invoices/acme/acme-meetings/2025-03-01_2025-03-31/r2.evidence.ndjson" } } },
    };

    public static TheoryData<string, Func<Invoice, Invoice>> ContentChanges => new()
    {
        { "quantity", i => i with { Figures = i.Figures with { Quantity = i.Figures.Quantity + 1 } } },
        { "a named figure", i => i with { Figures = i.Figures with { Named = i.Figures.Named.SetItem(1, new NamedFigure("average-active-users", 12.51m)) } } },
        { "a sub-window count", i => i with { Figures = i.Figures with { SubWindows = i.Figures.SubWindows.SetItem(0, i.Figures.SubWindows[0] with { Count = 1 }) } } },
        { "a dimension count", i => i with { Figures = i.Figures with { Dimensions = i.Figures.Dimensions.SetItem("on-premises", 2) } } },
        { "the true forward", i => i with { Figures = i.Figures with { TrueForward = InvoiceSamples.TrueForward(1, 7) } } },
        { "a line amount", i => i with { Charges = i.Charges! with { Lines = i.Charges.Lines.SetItem(0, i.Charges.Lines[0] with { Amount = i.Charges.Lines[0].Amount + 0.01m }) } } },
        { "an anomaly", i => i with { Anomalies = [] } },
        { "a note", i => i with { Notes = i.Notes.Add("One more note.") } },
        { "a policy", i => i with { Template = i.Template with { Policies = i.Template.Policies.RemoveAt(0) } } },
        { "the evidence hash", i => i with { Evidence = i.Evidence with { Sha256 = new string('0', 64) } } },
        { "the evidence line count", i => i with { Evidence = i.Evidence with { Lines = i.Evidence.Lines + 1 } } },
        { "the contract version", i => i with { Contract = i.Contract with { Version = 1 } } },
        { "the template", i => i with { Template = i.Template with { Name = "meeting-hosts" } } },
        { "a parameter", i => i with { Template = i.Template with { Parameters = i.Template.Parameters.With(TemplateParameterRules.KnowledgeWorkers, 1001) } } },
        { "the window", i => i with { Window = InvoiceSamples.NinetyDayYear } },
        { "the tenants", i => i with { Tenants = i.Tenants.RemoveAt(1) } },
    };

    [Theory]
    [MemberData(nameof(BookkeepingChanges))]
    public async Task Fingerprint_Is_Unchanged_By_Bookkeeping(string what, Func<Invoice, Invoice> change)
    {
        var invoice = InvoiceSamples.Invoice();
        await InvoiceSchema.AssertValidAsync(InvoiceJson.Write(change(invoice)));

        Assert.Equal(InvoiceFingerprint.Compute(invoice), InvoiceFingerprint.Compute(change(invoice)));
        Assert.True(InvoiceFingerprint.SameContent(invoice, change(invoice)), what);
    }

    [Theory]
    [MemberData(nameof(ContentChanges))]
    public async Task Fingerprint_Changes_With_Any_Billing_Content(string what, Func<Invoice, Invoice> change)
    {
        var invoice = InvoiceSamples.Invoice(trueForward: InvoiceSamples.TrueForward(12, 7));
        await InvoiceSchema.AssertValidAsync(InvoiceJson.Write(change(invoice)));

        Assert.NotEqual(InvoiceFingerprint.Compute(invoice), InvoiceFingerprint.Compute(change(invoice)));
        Assert.False(InvoiceFingerprint.SameContent(invoice, change(invoice)), what);
    }

    [Fact]
    public void Fingerprint_Is_Sha256_Hex()
    {
        Assert.Matches("^[0-9a-f]{64}$", InvoiceFingerprint.Compute(InvoiceSamples.Invoice()));
    }

    [Fact]
    public void Two_Computations_Of_The_Same_Inputs_Have_The_Same_Fingerprint()
    {
        var first = InvoiceSamples.Invoice(generatedAt: Instant.FromUtc(2025, 4, 3, 2, 0));
        var second = InvoiceSamples.Invoice(generatedAt: Instant.FromUtc(2025, 4, 4, 2, 0));

        Assert.Equal(InvoiceFingerprint.Compute(first), InvoiceFingerprint.Compute(second));
    }
}

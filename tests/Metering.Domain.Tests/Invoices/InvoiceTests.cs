using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Testing;

namespace Metering.Domain.Tests.Invoices;

public sealed class InvoiceTests
{
    [Theory]
    [InlineData("acme-lms", "2025-03-01_2025-03-31", 1, "acme-lms.2025-03-01_2025-03-31.r1")]
    [InlineData("acme-lms", "2024-02-29_2025-02-27", 12, "acme-lms.2024-02-29_2025-02-27.r12")]
    public void Invoice_Id_Derives_From_Contract_Window_And_Revision(string contract, string window, int revision, string expected)
    {
        Assert.Equal(expected, Invoice.IdFor(ContractId.Parse(contract), window, revision));
    }

    [Fact]
    public void Revision_Numbers_Start_At_One()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Invoice.IdFor(ContractId.Parse("c"), "2025-03-01_2025-03-31", 0));
    }

    [Fact]
    public async Task A_Draft_Is_Revision_One_Of_The_Governing_Version()
    {
        var invoice = InvoiceSamples.Invoice(version: 2, quantity: 130, trueForward: InvoiceSamples.TrueForward(12, 7));

        Assert.Equal(1, invoice.Revision);
        Assert.Null(invoice.Supersedes);
        Assert.Null(invoice.Delta);
        Assert.Empty(invoice.LateEvents);
        Assert.Equal("acme", invoice.BillingTenant.Value);
        Assert.Equal(new ContractReference(ContractId.Parse("acme-meetings"), "ACME Meetings – Ñandú GmbH", 2, new NodaTime.LocalDate(2025, 3, 1)), invoice.Contract);
        Assert.Equal("flex-true-forward", invoice.Template.Name);
        Assert.Equal(["base 1300.00", "true-forward 840.00"], invoice.Charges!.Lines.Select(l => $"{l.Code} {invoice.Charges.Currency.Format(l.Amount)}"));
        Assert.Equal(2140.00m, invoice.Charges.Total);
        await InvoiceSchema.AssertValidAsync(InvoiceJson.Write(invoice));
    }
}

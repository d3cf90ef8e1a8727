using System.Text;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Testing;

namespace Metering.Domain.Tests.Invoices;

/// <summary>The examples billing teams read in <c>docs/</c> are real documents: valid, and in canonical form.</summary>
public sealed class InvoiceDocsTests
{
    [Fact]
    public async Task The_Invoice_Example_Is_Valid_And_Canonical()
    {
        var example = Assert.Single(RepositoryFile.JsonBlocks("docs/invoices.md"), b => b.Contains("\"invoiceId\"", StringComparison.Ordinal));
        var bytes = Encoding.UTF8.GetBytes(example);

        await InvoiceSchema.AssertValidAsync(bytes);
        Assert.Equal(example, Encoding.UTF8.GetString(InvoiceJson.Write(InvoiceJson.Read(bytes))));
    }

    [Fact]
    public async Task The_Statement_Example_Is_Valid_And_Canonical()
    {
        var example = Assert.Single(RepositoryFile.JsonBlocks("docs/invoices.md"), b => b.Contains("\"kind\": \"statement\"", StringComparison.Ordinal));
        var bytes = Encoding.UTF8.GetBytes(example);

        await StatementSchema.AssertValidAsync(bytes);
        Assert.Equal(example, Encoding.UTF8.GetString(Metering.Domain.Formats.StatementJson.Write(Metering.Domain.Formats.StatementJson.Read(bytes))));
    }

    [Fact]
    public async Task The_Contract_Example_Passes_The_Reader_And_The_Schema()
    {
        var example = RepositoryFile.JsonBlocks("docs/contracts.md")[0];

        var result = ContractReader.Read(example);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        await ContractSchema.AssertValidAsync(example);
    }
}

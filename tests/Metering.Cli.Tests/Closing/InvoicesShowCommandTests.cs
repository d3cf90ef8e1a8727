using System.Diagnostics;
using System.Text;
using Metering.Cli.Tests.Support;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Tenants;
using Metering.Storage.Closing;
using Metering.Testing.Azurite;
using static Metering.Cli.Tests.Closing.InvoicesCommandFixture;

namespace Metering.Cli.Tests.Closing;

/// <summary>
/// <c>metering invoices show</c>: the stored JSON byte for byte, the newest revision unless one is named; a window or
/// revision that does not exist exits 2 with a clear message.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InvoicesShowCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_Newest_Revision_Is_Shown_By_Default_And_An_Older_One_On_Request_Exactly_As_Stored()
    {
        using var pipeline = await CreateAsync(azurite);

        var latest = await pipeline.RunAsync("invoices", "show", "acme", "acme-portal", March);
        var first = await pipeline.RunAsync("invoices", "show", "acme", "acme-portal", March, "--revision", "1");

        Assert.True(latest.ExitCode == ExitCodes.Success, latest.ToString());
        Assert.Equal(await StoredAsync(pipeline, March, 2), Encoding.UTF8.GetBytes(latest.Out));
        Assert.Equal(await StoredAsync(pipeline, March, 1), Encoding.UTF8.GetBytes(first.Out));
        Assert.Contains("\"revision\": 2,", latest.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Real_Process_Writes_The_Stored_Bytes_To_Standard_Output()
    {
        using var pipeline = await CreateAsync(azurite);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "metering.dll"), "invoices", "show", "acme", "acme-portal", March, "--revision", "1" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["METERING_STORAGE"] = azurite.ConnectionString;
        start.Environment["METERING_PREFIX"] = pipeline.Prefix;

        // A Latin-1 locale must not change a byte: the invoice leaves as stored, not re-encoded.
        start.Environment["LANG"] = "de_DE.ISO-8859-1";
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        await copy;

        Assert.True(process.ExitCode == 0, await error);
        var stored = await StoredAsync(pipeline, March, 1);
        Assert.Equal(stored, output.ToArray());
        Assert.True(stored.AsSpan().IndexOf("Ñandú"u8) >= 0, "the invoice carries non-ASCII text, so a re-encoding would show");
    }

    [Fact]
    public async Task A_Window_Never_Closed_Exits_2_With_A_Clear_Message()
    {
        using var pipeline = await CreateAsync(azurite);

        var run = await pipeline.RunAsync("invoices", "show", "acme", "acme-portal", "2025-04-01_2025-04-30");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("no invoice of acme/acme-portal/2025-04-01_2025-04-30", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task A_Revision_That_Does_Not_Exist_Exits_2_Naming_The_Revisions_That_Do()
    {
        using var pipeline = await CreateAsync(azurite);

        var run = await pipeline.RunAsync("invoices", "show", "acme", "acme-portal", March, "--revision", "3");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("acme/acme-portal/2025-03-01_2025-03-31 has no revision 3; its revisions are 1, 2.", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Acme", "acme-portal", "2025-03-01_2025-03-31", "TENANT")]
    [InlineData("acme", "acme/portal", "2025-03-01_2025-03-31", "CONTRACT")]
    [InlineData("acme", "acme-portal", "2025-03", "WINDOW")]
    [InlineData("acme", "acme-portal", "2025-03-31_2025-03-01", "WINDOW")]
    [InlineData("acme", "acme-portal", "2025-02-29_2025-03-31", "WINDOW")]
    public async Task Malformed_Arguments_Exit_2_Naming_The_Argument(string tenant, string contract, string window, string argument)
    {
        using var pipeline = new Scenarios.CliPipeline(azurite);

        var run = await pipeline.RunAsync("invoices", "show", tenant, contract, window);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.StartsWith($"error: {argument}:", run.Error, StringComparison.Ordinal);
    }

    private static async Task<byte[]> StoredAsync(Scenarios.CliPipeline pipeline, string window, int revision)
    {
        var stored = await new BlobInvoiceStore(pipeline.Account).ReadAsync(
            new InvoiceRevision(TenantId.Parse("acme"), ContractId.Parse("acme-portal"), window, revision), default);
        return stored!.Json.ToArray();
    }
}

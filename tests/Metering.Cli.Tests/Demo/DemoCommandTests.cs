using Metering.Cli.Demo;
using Metering.Cli.Tests.Support;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Formats;
using Metering.Domain.Statements;
using Metering.Domain.Tenants;
using Metering.Domain.Windows;
using Metering.Storage.Accounts;
using Metering.Storage.Closing;
using Metering.Testing;
using Metering.Testing.Azurite;

namespace Metering.Cli.Tests.Demo;

/// <summary><c>metering demo</c> end to end against the shared Azurite, at a tenth of its volume.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DemoCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_Demo_Run_Writes_One_Invoice_Per_Due_Contract_Window_To_Storage_And_To_The_Output_Folder()
    {
        using var files = new TestFiles();
        var prefix = AzuriteFixture.NewPrefix();
        var output = Path.Combine(Path.GetTempPath(), "metering-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = await CliRun.RunAsync(["demo", "--storage", azurite.ConnectionString, "--prefix", prefix, "--scale", "0.1", "--out", output]);

            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            var samples = await SampleFiles.ReadAsync(SampleFiles.Find(Path.GetDirectoryName(RepositoryFile.PathOf("samples/tenants.json"))), CancellationToken.None);
            var directory = new TenantDirectory(samples.Tenants);
            var due = samples.Contracts
                .SelectMany(c => ContractCalendar.WindowsOf(c, ContractTenancy.Resolve(c, directory).Zone!)
                    .Where(w => ClosePolicy.IsDue(c, w.Window, DemoWorld.LateAsOf))
                    .Select(w => $"{c.BillingTenant}/{c.Id}/{w.Window.Id}"))
                .Order(StringComparer.Ordinal)
                .ToList();

            var store = new BlobInvoiceStore(StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageNames(prefix)));
            var revisions = new List<InvoiceRevision>();
            await foreach (var revision in store.ListAsync(null, null, CancellationToken.None))
            {
                revisions.Add(revision);
                var stored = await store.ReadAsync(revision, CancellationToken.None);
                await InvoiceSchema.AssertValidAsync(stored!.Json.ToArray());
                Assert.True(File.Exists(Path.Combine(output, "invoices", revision.BlobName)), revision.BlobName);
            }

            Assert.Equal(due, revisions.Select(r => $"{r.Tenant}/{r.Contract}/{r.WindowId}").Distinct().Order(StringComparer.Ordinal));
            Assert.All(revisions.GroupBy(r => (r.Contract, r.WindowId)), g => Assert.Equal(Enumerable.Range(1, g.Count()), g.Select(r => r.Revision).Order()));
            Assert.Contains("Invoices", run.Out, StringComparison.Ordinal);
            Assert.True(new FileInfo(Path.Combine(output, "telemetry", "events.ndjson")).Length > 0);

            // The statements of every due period of the long windows, each written out with its evidence (issue 11).
            var duePeriods = samples.Contracts
                .SelectMany(c => ContractCalendar.WindowsOf(c, ContractTenancy.Resolve(c, directory).Zone!)
                    .SelectMany(w => StatementCalendar.PeriodsOf(w)
                        .Where(p => ClosePolicy.IsDue(c, p.Window, DemoWorld.LateAsOf))
                        .Select(p => $"{c.BillingTenant}/{c.Id}/{w.Window.Id}/{p.Id}")))
                .Order(StringComparer.Ordinal)
                .ToList();
            var statements = new List<StatementRevision>();
            await foreach (var revision in store.ListStatementsAsync(null, null, CancellationToken.None))
            {
                statements.Add(revision);
                var stored = await store.ReadStatementAsync(revision, CancellationToken.None);
                await StatementSchema.AssertValidAsync(stored!.Json.ToArray());
                Assert.True(File.Exists(Path.Combine(output, "invoices", revision.BlobName)), revision.BlobName);
                Assert.True(File.Exists(Path.Combine(output, "invoices", StatementJson.Read(stored.Json).Evidence.BlobName)), revision.BlobName);
            }

            Assert.NotEmpty(duePeriods);
            Assert.Equal(duePeriods, statements.Select(r => $"{r.Tenant}/{r.Contract}/{r.WindowId}/{r.PeriodId}").Distinct().Order(StringComparer.Ordinal));
            Assert.Contains("statement(s) of the periods and months of long windows published", run.Out, StringComparison.Ordinal);

            // The usage report of what the demo published: the index, a page per billing tenant, the latest evidence.
            Assert.Contains("Usage report written to", run.Out, StringComparison.Ordinal);
            var index = await File.ReadAllTextAsync(Path.Combine(output, "report", "index.html"));
            foreach (var tenant in revisions.Select(r => r.Tenant.Value).Distinct())
            {
                Assert.Contains($"href=\"tenant-{tenant}.html\"", index, StringComparison.Ordinal);
                Assert.True(File.Exists(Path.Combine(output, "report", $"tenant-{tenant}.html")), tenant);
            }
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public async Task The_Same_Seed_Gives_The_Same_Telemetry_And_The_Same_Invoice_Figures()
    {
        var first = await RunAsync(7);
        var second = await RunAsync(7);

        Assert.Equal(first.Telemetry, second.Telemetry);
        Assert.Equal(first.Invoices, second.Invoices);
    }

    [Fact]
    public async Task As_Of_Is_Refused_Because_The_Demo_Runs_As_Of_Its_Own_Instant()
    {
        var run = await CliRun.RunAsync(["demo", "--storage", azurite.ConnectionString, "--as-of", "2025-01-01T00:00:00Z", "--scale", "0"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--as-of", run.Error, StringComparison.Ordinal);
        Assert.Contains("--scale", run.Error, StringComparison.Ordinal);
    }

    private async Task<(byte[] Telemetry, string Invoices)> RunAsync(ulong seed)
    {
        var prefix = AzuriteFixture.NewPrefix();
        var output = Path.Combine(Path.GetTempPath(), "metering-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = await CliRun.RunAsync(["demo", "--storage", azurite.ConnectionString, "--prefix", prefix, "--scale", "0.05", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", output]);
            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            var telemetry = await File.ReadAllBytesAsync(Path.Combine(output, "telemetry", "events.ndjson"));

            // The invoice table holds every figure and amount; only the emulator's port line differs between runs.
            var start = run.Out.IndexOf("Invoices", StringComparison.Ordinal);
            var table = run.Out[start..run.Out.IndexOf("Invoices and evidence written", StringComparison.Ordinal)];
            return (telemetry, table);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}

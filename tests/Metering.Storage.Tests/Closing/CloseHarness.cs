using System.Collections.Immutable;
using Azure.Core;
using Azure.Core.Pipeline;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Ports;
using Metering.Domain.Statements;
using Metering.Domain.Tenants;
using Metering.Hosting.Composition;
using Metering.Hosting.Settings;
using Metering.Pipeline.Closing;
using Metering.Pipeline.Ingest;
using Metering.Storage.Accounts;
using Metering.Testing;
using Metering.Testing.Azurite;
using Metering.Testing.Contracts;
using Metering.Testing.Events;
using Metering.Testing.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Metering.Storage.Tests.Closing;

/// <summary>
/// The pipeline of one storage account, composed as every host composes it, with a fake clock: tenants, contracts,
/// ingest, the schedule step and the queue worker. Each harness has a prefix of its own.
/// </summary>
internal sealed class CloseHarness : IAsyncDisposable
{
    public const string Source = "app://lms";

    private CloseHarness(TestPipeline pipeline) => Pipeline = pipeline;

    public TestPipeline Pipeline { get; }

    public ServiceProvider Services => Pipeline.Services;

    public FakeClock Clock => Pipeline.Clock;

    public StorageAccount Account => Pipeline.Account;

    public IInvoiceStore Invoices => Services.GetRequiredService<IInvoiceStore>();

    public IStatementStore Statements => Services.GetRequiredService<IStatementStore>();

    public static async Task<CloseHarness> CreateAsync(AzuriteFixture azurite, string zone, string prefix, params HttpPipelinePolicy[] policies) =>
        new(await TestPipeline.On(azurite)
            .OnPrefix(prefix)
            .Through(policies)
            .WithTenant("acme", zone, Source)
            .WithTenant("acme-eu", zone, Source)
            .BuildAsync());

    public static Task<CloseHarness> CreateAsync(AzuriteFixture azurite, string zone = "Europe/Paris", params HttpPipelinePolicy[] policies) =>
        CreateAsync(azurite, zone, AzuriteFixture.NewPrefix(), policies);

    public Task<Contract> ApplyAsync(string json) => Pipeline.ApplyAsync(json);

    /// <summary>Ingests the bodies as one batch, received at <paramref name="receivedAt"/>.</summary>
    public Task<IngestResult> IngestAsync(Instant receivedAt, params byte[][] bodies) => Pipeline.IngestAsync(receivedAt, bodies);

    /// <summary>The schedule step at <paramref name="asOf"/>, then the queue drained.</summary>
    public async Task<(ScheduledClose Scheduled, DrainReport Drained)> CloseAsync(Instant asOf)
    {
        Clock.Reset(asOf);
        var scheduled = await Services.GetRequiredService<CloseScheduler>().ScheduleAsync(asOf, default);
        var drained = await Services.GetRequiredService<CloseWorker>().DrainAsync(default);
        foreach (var written in drained.Outcomes.Where(o => o.Status == CloseStatus.Written))
        {
            if (written.StatementRevision is { } statement)
            {
                await StatementSchema.AssertValidAsync((await Statements.ReadStatementAsync(statement, default))!.Json.ToArray());
            }
            else
            {
                await InvoiceSchema.AssertValidAsync((await Invoices.ReadAsync(written.Revision!, default))!.Json.ToArray());
            }
        }

        return (scheduled, drained);
    }

    public async Task<IReadOnlyList<InvoiceRevision>> RevisionsAsync(string contract, string window) =>
        await Invoices.ListRevisionsAsync(TenantId.Parse("acme"), ContractId.Parse(contract), window, default);

    /// <summary>A stored revision, checked against the invoice schema, with its document read back.</summary>
    public async Task<(StoredInvoice Stored, Invoice Invoice)> InvoiceAsync(string contract, string window, int revision)
    {
        var stored = await Invoices.ReadAsync(new InvoiceRevision(TenantId.Parse("acme"), ContractId.Parse(contract), window, revision), default);
        Assert.True(stored is not null, $"{contract}/{window}/r{revision} was not published.");
        await InvoiceSchema.AssertValidAsync(stored.Json.ToArray());
        return (stored, InvoiceJson.Read(stored.Json));
    }

    /// <summary>A stored statement revision, checked against the statement schema, with its document read back.</summary>
    public async Task<(StoredStatement Stored, Statement Statement)> StatementAsync(string contract, string window, string period, int revision)
    {
        var stored = await Statements.ReadStatementAsync(new StatementRevision(TenantId.Parse("acme"), ContractId.Parse(contract), window, period, revision), default);
        Assert.True(stored is not null, $"{contract}/{window}/statements/{period}/r{revision} was not published.");
        await StatementSchema.AssertValidAsync(stored.Json.ToArray());
        return (stored, StatementJson.Read(stored.Json));
    }

    public async Task<byte[]> BlobAsync(string name) =>
        (await Account.Blobs.GetBlobContainerClient(Account.Names.Invoices).GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();

    public ValueTask DisposeAsync() => Pipeline.DisposeAsync();
}

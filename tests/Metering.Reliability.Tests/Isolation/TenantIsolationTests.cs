using System.Collections.Immutable;
using System.Globalization;
using CsCheck;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Pipeline.Ingest;
using Metering.Reliability.Tests.Support;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit.Abstractions;

namespace Metering.Reliability.Tests.Isolation;

/// <summary>
/// docs/reliability.md, security: a tenant's events count only for that tenant, and a source writes only for the tenants it is
/// registered for. Three tenants whose ids are prefixes of each other (<c>acme</c>, <c>acme-eu</c>, <c>acme1</c>); one
/// source registered for the first two, another for the third only; subjects shared between tenants and shaped like
/// other tenants' storage keys or like their encodings.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TenantIsolationTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Shared = "app://shared";
    private const string Own = "app://acme1";
    private const string March = "2025-03-01_2025-03-31";
    private static readonly string[] TenantIds = ["acme", "acme-eu", "acme1"];
    private static readonly YearMonth Month = new(2025, 3);

    [Fact]
    public async Task A_Source_Writes_Only_For_The_Tenants_It_Is_Registered_For()
    {
        await using var deployment = await RegisteredAsync();
        var result = await deployment.IngestAsync(
            CloudEvents.Batch(
            [
                Login("1", Shared, "acme", "ana"),
                Login("2", Shared, "acme-eu", "ana"),
                Login("3", Own, "acme", "mallory"),
                Login("4", Shared, "acme1", "mallory"),
                Login("5", Own, "acme-eu", "mallory"),
                Login("6", Own, "acme1", "cy"),
                Login("7", Shared, "acme2", "mallory"),
            ]),
            ReliabilityWorld.AsOf);
        await deployment.CloseAsync(ReliabilityWorld.AsOf);

        Assert.Equal(3, result.DeadLettered[RejectionReason.UnregisteredSource]);
        Assert.Equal(1, result.DeadLettered[RejectionReason.UnknownTenant]);
        Assert.Equal(["ana"], await UnitsAsync(deployment, "acme"));
        Assert.Equal(["ana"], await UnitsAsync(deployment, "acme-eu"));
        Assert.Equal(["cy"], await UnitsAsync(deployment, "acme1"));
        Assert.Equal(["acme:ana"], await InvoicedAsync(deployment, "acme"));
        Assert.Equal(["acme-eu:ana"], await InvoicedAsync(deployment, "acme-eu"));
        Assert.Equal(["acme1:cy"], await InvoicedAsync(deployment, "acme1"));
    }

    [Fact]
    public async Task An_Alias_Resolves_Only_Within_Its_Own_Tenant()
    {
        await using var deployment = await RegisteredAsync();
        await deployment.IngestAsync(
            CloudEvents.Batch(
            [
                CloudEvents.Body("1", Shared, "acme", EventCatalog.UserCreated, "u-1", "2025-02-01T00:00:00Z", """{"aliases":["bob","acme-eu|202503|00"]}"""),
                Login("2", Shared, "acme", "bob"),
                Login("3", Shared, "acme-eu", "bob"),
                Login("4", Shared, "acme-eu", "acme-eu|202503|00"),
            ]),
            ReliabilityWorld.AsOf);
        await deployment.CloseAsync(ReliabilityWorld.AsOf);

        Assert.Equal(["acme:u-1"], await InvoicedAsync(deployment, "acme"));
        Assert.Equal(["acme-eu:acme-eu|202503|00", "acme-eu:bob"], await InvoicedAsync(deployment, "acme-eu"));
    }

    [Fact]
    public async Task Whatever_The_Subjects_A_Tenants_Events_Count_On_Its_Own_Invoice_Only()
    {
        var iterations = Soak.Count(30, 500);
        long events = 0, refused = 0, subjects = 0;
        var scenarios = Gen.Select(KeyEncodingPropertyTests.Subjects.Array[1, 12], Gen.Int[1, 7].Array[12], Gen.Int[1, 31].Array[12]);
        await SeededSamples.CheckAsync(
            scenarios,
            seed: 20250404,
            iterations,
            async scenario =>
            {
                var (pool, memberships, days) = scenario;
                var distinct = pool.Distinct(StringComparer.Ordinal).ToArray();
                var expected = TenantIds.ToDictionary(t => t, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
                var bodies = new List<byte[]>();
                for (var i = 0; i < distinct.Length; i++)
                {
                    var time = $"2025-03-{days[i]:00}T12:00:00+01:00";
                    for (var t = 0; t < TenantIds.Length; t++)
                    {
                        var tenant = TenantIds[t];
                        if ((memberships[i] & (1 << t)) != 0)
                        {
                            expected[tenant].Add(distinct[i]);
                            bodies.Add(CloudEvents.Body($"{i}-{t}", tenant == "acme1" ? Own : Shared, tenant, EventCatalog.UserLogin, distinct[i], time));
                        }

                        // The other tenants' source tries the same subject: refused, whatever the subject looks like.
                        bodies.Add(CloudEvents.Body($"{i}-{t}-x", tenant == "acme1" ? Shared : Own, tenant, EventCatalog.UserLogin, distinct[i], time));
                    }
                }

                await using var deployment = await RegisteredAsync();
                var result = await deployment.IngestAsync(CloudEvents.Batch(bodies), ReliabilityWorld.AsOf);
                await deployment.CloseAsync(ReliabilityWorld.AsOf);

                Assert.Equal(distinct.Length * TenantIds.Length, result.DeadLettered.GetValueOrDefault(RejectionReason.UnregisteredSource));
                foreach (var tenant in TenantIds)
                {
                    Assert.Equal(expected[tenant], await UnitsAsync(deployment, tenant));
                    Assert.Equal(expected[tenant].Select(s => $"{tenant}:{s}"), await InvoicedAsync(deployment, tenant));
                }

                events += bodies.Count;
                refused += result.DeadLetteredTotal;
                subjects += distinct.Length;
            },
            t => string.Join(" ", t.Item1.Select(s => $"[{s}]")));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tenant isolation scenarios: {iterations}; subjects: {subjects}; events: {events} ({refused} from a source not registered for their tenant, all refused); every tenant's stored units and invoice evidence held exactly its own subjects"));
    }

    private async Task<Deployment> RegisteredAsync()
    {
        var paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];
        Tenant[] tenants =
        [
            new(TenantId.Parse("acme"), paris, ImmutableSortedSet.Create(StringComparer.Ordinal, Shared)),
            new(TenantId.Parse("acme-eu"), paris, ImmutableSortedSet.Create(StringComparer.Ordinal, Shared)),
            new(TenantId.Parse("acme1"), paris, ImmutableSortedSet.Create(StringComparer.Ordinal, Own)),
        ];
        var contracts = TenantIds.Select(t => ContractReader.Read($$"""
            {
              "id": "m-{{t}}", "name": "Monthly active users of {{t}}", "tenants": ["{{t}}"],
              "term": { "start": "2025-03-01", "end": "2025-03-31" },
              "versions": [ { "version": 1, "effective": "2025-03-01", "template": "monthly-active" } ]
            }
            """).Contract!);
        var deployment = Deployment.Create(azurite);
        await deployment.RegisterAsync(tenants, contracts);
        return deployment;
    }

    private static byte[] Login(string id, string source, string tenant, string subject) =>
        CloudEvents.Body(id, source, tenant, EventCatalog.UserLogin, subject, "2025-03-10T12:00:00Z");

    // Every unit stored for the tenant's March, read back through the adapter that the close reads through.
    private static async Task<SortedSet<string>> UnitsAsync(Deployment deployment, string tenant)
    {
        var units = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var record in deployment.Services.GetRequiredService<IActivityReader>().ReadPresenceAsync(TenantId.Parse(tenant), Month, default))
        {
            Assert.Equal(tenant, record.Tenant.Value);
            units.Add(record.Unit.Value);
        }

        return units;
    }

    // The units of the tenant's March invoice, as its evidence lists them: tenant:unit.
    private static async Task<string[]> InvoicedAsync(Deployment deployment, string tenant)
    {
        var store = deployment.Services.GetRequiredService<IInvoiceStore>();
        var stored = await store.ReadAsync(new InvoiceRevision(TenantId.Parse(tenant), ContractId.Parse($"m-{tenant}"), March, 1), default);
        Assert.NotNull(stored);
        var invoice = InvoiceJson.Read(stored.Json);
        var container = deployment.Direct.Blobs.GetBlobContainerClient(deployment.Direct.Names.Invoices);
        var evidence = EvidenceFile.Parse((await container.GetBlobClient(invoice.Evidence.BlobName).DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal(evidence.LineCount, invoice.Figures.Quantity);
        return [.. evidence.Lines.Select(l => $"{l.Tenant}:{l.Unit}")];
    }
}

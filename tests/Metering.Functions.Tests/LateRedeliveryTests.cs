using System.Text.Json;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Functions.Tests.Support;
using Metering.Storage.Closing;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Metering.Functions.Tests;

/// <summary>
/// docs/operations.md, "Replaying": late events recorded by a batch read again (a source registered after its events
/// were dead-lettered, then the batch delivered or replayed again) are picked up by the next schedule step, which
/// writes a new revision where a figure changed.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LateRedeliveryTests(AzuriteFixture azurite)
{
    private const string Kiosk = "app://kiosk";

    [Fact]
    public async Task A_Late_Batch_Accepted_Whole_When_Delivered_Again_Brings_Its_Closed_Window_Back()
    {
        await using var app = await CloseFunctionTests.MarchAsync(azurite);
        var request = CloseRequestJson.Write(new CloseRequest(ContractId.Parse("acme-portal"), CloseFunctionTests.March, "due"));
        app.Clock.Reset(Instant.FromUtc(2025, 4, 3, 0, 0));
        Assert.Equal(["due"], await ScheduledAsync(app));
        await app.Function<CloseWindowFunction>().RunAsync(request, default);

        // A late batch: carl from the registered source is recorded, dora from a source not registered yet is not.
        byte[][] late =
        [
            CloudEvents.Body("10", FunctionsApp.Source, "acme", "user.login", "carl", "2025-03-10T09:00:00+01:00"),
            CloudEvents.Body("11", Kiosk, "acme", "user.login", "dora", "2025-03-10T10:00:00+01:00"),
        ];
        app.Clock.Reset(Instant.FromUtc(2025, 4, 5, 10, 0));
        Assert.Equal(1, (await app.IngestAsync(app.Clock.GetCurrentInstant(), late)).Accepted);
        app.Clock.Reset(Instant.FromUtc(2025, 4, 5, 10, 15));
        Assert.Equal(["late-events"], await ScheduledAsync(app));
        await app.Function<CloseWindowFunction>().RunAsync(request, default);

        // The source is registered, and the same batch arrives again (a redelivery or a replay of the archive).
        var registry = app.Services.GetRequiredService<ITenantRegistry>();
        Assert.True((await registry.LoadAsync(default)).TryGet("acme", out var acme));
        await registry.ApplyAsync([acme with { Sources = acme.Sources.Add(Kiosk) }], default);
        app.Clock.Reset(Instant.FromUtc(2025, 4, 6, 9, 0));
        Assert.Equal(2, (await app.IngestAsync(app.Clock.GetCurrentInstant(), late)).Accepted);

        app.Clock.Reset(Instant.FromUtc(2025, 4, 6, 9, 15));
        Assert.Equal(["late-events"], await ScheduledAsync(app));
        var output = await app.Function<CloseWindowFunction>().RunAsync(request, default);

        Assert.Equal("""{"tenant":"acme","contract":"acme-portal","window":"2025-03-01_2025-03-31","revision":3}""", output.Published);
        var r3 = await app.Services.GetRequiredService<IInvoiceStore>().ReadAsync(
            new InvoiceRevision(TenantId.Parse("acme"), ContractId.Parse("acme-portal"), CloseFunctionTests.March, 3), default);
        Assert.NotNull(r3);
        using var invoice = JsonDocument.Parse(r3.Json);
        Assert.Equal(4, invoice.RootElement.GetProperty("measurement").GetProperty("quantity").GetInt64());
    }

    private static async Task<List<string>> ScheduledAsync(FunctionsApp app)
    {
        await app.Function<CloseScheduleFunction>().RunAsync(new TimerInfo(), default);
        var queue = app.Services.GetRequiredService<ICloseQueue>();
        var reasons = new List<string>();
        while (await queue.ReceiveAsync(Duration.FromMinutes(1), default) is { } message)
        {
            reasons.Add(message.Request.Reason);
            await queue.CompleteAsync(message, default);
        }

        return reasons;
    }
}

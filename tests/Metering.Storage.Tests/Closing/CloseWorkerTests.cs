using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Ports;
using Metering.Pipeline.Closing;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using Metering.Testing.Logging;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Metering.Storage.Tests.Closing;

/// <summary>
/// Draining the close queue: duplicates are absorbed, two closers at once publish one revision (create-only blobs),
/// a failing request stays queued and is given up after <see cref="CloseWorker.MaxDequeueCount"/> attempts.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CloseWorkerTests(AzuriteFixture azurite)
{
    private const string March = "2025-03-01_2025-03-31";
    private static readonly Instant AsOf = Instant.FromUtc(2025, 4, 3, 0, 0);

    private const string Contract = """
        {
          "id": "acme-portal",
          "tenants": ["acme"],
          "term": { "start": "2025-03-01", "end": "2025-12-31" },
          "versions": [ { "version": 1, "effective": "2025-03-01", "template": "monthly-active" } ]
        }
        """;

    [Fact]
    public async Task Two_Drains_At_Once_Over_Duplicate_Requests_Publish_One_Revision()
    {
        var prefix = AzuriteFixture.NewPrefix();
        await using var first = await ReadyAsync(prefix);
        await using var second = await CloseHarness.CreateAsync(azurite, "Europe/Paris", prefix);
        second.Clock.Reset(AsOf);
        var queue = first.Services.GetRequiredService<ICloseQueue>();
        for (var i = 0; i < 6; i++)
        {
            await queue.EnqueueAsync(new CloseRequest(ContractId.Parse("acme-portal"), March, "due"), default);
        }

        var reports = await Task.WhenAll(
            first.Services.GetRequiredService<CloseWorker>().DrainAsync(default),
            second.Services.GetRequiredService<CloseWorker>().DrainAsync(default));

        var outcomes = reports.SelectMany(r => r.Outcomes).ToList();
        Assert.Empty(reports.SelectMany(r => r.Failures));
        Assert.Equal(6, outcomes.Count);
        Assert.Single(outcomes, o => o.Status == CloseStatus.Written);
        Assert.Equal(5, outcomes.Count(o => o.Status == CloseStatus.Unchanged));
        Assert.Single(await first.RevisionsAsync("acme-portal", March));
        await first.InvoiceAsync("acme-portal", March, 1);
    }

    [Fact]
    public async Task Two_Schedulers_At_Once_Then_Two_Drains_Publish_One_Revision()
    {
        var prefix = AzuriteFixture.NewPrefix();
        await using var first = await ReadyAsync(prefix);
        await using var second = await CloseHarness.CreateAsync(azurite, "Europe/Paris", prefix);
        second.Clock.Reset(AsOf);

        var schedules = await Task.WhenAll(
            first.Services.GetRequiredService<CloseScheduler>().ScheduleAsync(AsOf, default),
            second.Services.GetRequiredService<CloseScheduler>().ScheduleAsync(AsOf, default));
        var reports = await Task.WhenAll(
            first.Services.GetRequiredService<CloseWorker>().DrainAsync(default),
            second.Services.GetRequiredService<CloseWorker>().DrainAsync(default));

        Assert.All(schedules, s => Assert.Equal([March], s.Requested.Select(r => r.WindowId)));
        Assert.Single(reports.SelectMany(r => r.Outcomes), o => o.Status == CloseStatus.Written);
        Assert.Single(await first.RevisionsAsync("acme-portal", March));
    }

    [Fact]
    public async Task A_Request_For_An_Unknown_Contract_Or_Window_Is_Skipped_And_Removed()
    {
        await using var harness = await ReadyAsync(AzuriteFixture.NewPrefix());
        var queue = harness.Services.GetRequiredService<ICloseQueue>();
        await queue.EnqueueAsync(new CloseRequest(ContractId.Parse("nobody"), March, "due"), default);
        await queue.EnqueueAsync(new CloseRequest(ContractId.Parse("acme-portal"), "2025-03-01_2025-03-30", "due"), default);
        await queue.EnqueueAsync(new CloseRequest(ContractId.Parse("acme-portal"), "2025-04-01_2025-04-30", "due"), default);

        var report = await harness.Services.GetRequiredService<CloseWorker>().DrainAsync(default);

        Assert.Equal(3, report.Outcomes.Count);
        Assert.All(report.Outcomes, o => Assert.Equal(CloseStatus.Skipped, o.Status));
        Assert.Contains("not due", report.Outcomes.Single(o => o.Request.WindowId.StartsWith("2025-04", StringComparison.Ordinal)).Detail, StringComparison.Ordinal);
        Assert.Null(await queue.ReceiveAsync(Duration.FromSeconds(1), default));
    }

    // A host's progress display (metering close, the demo): every request drained is reported once, closed or skipped.
    [Fact]
    public async Task Each_Request_Drained_Is_Reported_Once_To_The_Progress()
    {
        await using var harness = await ReadyAsync(AzuriteFixture.NewPrefix());
        var queue = harness.Services.GetRequiredService<ICloseQueue>();
        await queue.EnqueueAsync(new CloseRequest(ContractId.Parse("nobody"), March, "due"), default);
        await queue.EnqueueAsync(new CloseRequest(ContractId.Parse("acme-portal"), March, "due"), default);
        var handled = new Handled();

        var report = await harness.Services.GetRequiredService<CloseWorker>().DrainAsync(handled, default);

        Assert.Equal(2, report.Outcomes.Count + report.Failures.Count);
        Assert.Equal(["acme-portal", "nobody"], handled.Requests.Select(r => r.Contract.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_Request_That_Keeps_Failing_Is_Retried_And_Given_Up_After_Five_Attempts()
    {
        await using var harness = await ReadyAsync(AzuriteFixture.NewPrefix());
        var contracts = harness.Account.Blobs.GetBlobContainerClient(harness.Account.Names.Contracts);
        await contracts.UploadBlobAsync("acme-broken.json", BinaryData.FromString("{ \"id\": \"acme-broken\" }"));
        var queue = harness.Services.GetRequiredService<ICloseQueue>();
        await queue.EnqueueAsync(new CloseRequest(ContractId.Parse("acme-broken"), March, "due"), default);
        var logger = new RecordingLogger<CloseWorker>();
        var worker = new CloseWorker(queue, harness.Services.GetRequiredService<WindowCloser>(), logger, Duration.FromSeconds(1));

        var attempts = new List<CloseFailure>();
        for (var round = 0; round < 20 && !attempts.Any(f => f.Poisoned); round++)
        {
            attempts.AddRange((await worker.DrainAsync(default)).Failures);
            await Task.Delay(TimeSpan.FromMilliseconds(1100));
        }

        Assert.Equal([false, false, false, false, true], attempts.Select(f => f.Poisoned));
        Assert.All(attempts, f => Assert.IsType<InvalidDataException>(f.Cause));
        Assert.Equal(5, logger.Entries.Count(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error));
        Assert.Null(await queue.ReceiveAsync(Duration.FromSeconds(1), default));
    }

    /// <summary>
    /// docs/operations.md, "A stable name": a window closed by the command line's worker (<c>metering close</c>, <c>serve</c>)
    /// gets its <c>latest.json</c> as one the Functions app closes does, and a later revision replaces it.
    /// </summary>
    [Fact]
    public async Task A_Drain_Writes_The_Stable_Name_Of_Each_Window_It_Leaves_With_A_Revision()
    {
        await using var harness = await ReadyAsync(AzuriteFixture.NewPrefix());
        var latest = harness.Account.Blobs.GetBlobContainerClient(harness.Account.Names.Latest).GetBlobClient("acme/acme-portal/2025-03-01_2025-03-31/latest.json");

        await harness.CloseAsync(AsOf);
        var r1 = (await harness.InvoiceAsync("acme-portal", March, 1)).Stored;
        Assert.Equal(r1.Json.ToArray(), (await latest.DownloadContentAsync()).Value.Content.ToArray());

        await harness.IngestAsync(
            AsOf.Plus(Duration.FromHours(1)),
            CloudEvents.Body("3", CloseHarness.Source, "acme", "user.login", "carl", "2025-03-10T09:00:00+01:00"));
        var (_, drained) = await harness.CloseAsync(AsOf.Plus(Duration.FromHours(2)));

        Assert.Equal(CloseStatus.Written, Assert.Single(drained.Outcomes).Status);
        var r2 = (await harness.InvoiceAsync("acme-portal", March, 2)).Stored;
        Assert.Equal(r2.Json.ToArray(), (await latest.DownloadContentAsync()).Value.Content.ToArray());
    }

    private async Task<CloseHarness> ReadyAsync(string prefix)
    {
        var harness = await CloseHarness.CreateAsync(azurite, "Europe/Paris", prefix);
        await harness.ApplyAsync(Contract);
        await harness.IngestAsync(
            Instant.FromUtc(2025, 4, 1, 12, 0),
            CloudEvents.Body("1", CloseHarness.Source, "acme", "user.login", "ana", "2025-03-02T09:00:00+01:00"),
            CloudEvents.Body("2", CloseHarness.Source, "acme", "user.login", "bob", "2025-03-03T09:00:00+01:00"));
        harness.Clock.Reset(AsOf);
        return harness;
    }

    private sealed class Handled : IProgress<CloseRequest>
    {
        public List<CloseRequest> Requests { get; } = [];

        public void Report(CloseRequest value) => Requests.Add(value);
    }
}

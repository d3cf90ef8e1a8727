using Azure.Core;
using CsCheck;
using Metering.Testing.Faults;
using Metering.Pipeline.Closing;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Ports;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Metering.Storage.Tests.Closing;

/// <summary>Closing one window on Azurite: measured from stored activity, published write-once, revised only when a figure changed.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class WindowCloserTests(AzuriteFixture azurite)
{
    private const string March = "2025-03-01_2025-03-31";

    private const string MonthlyActive = """
        {
          "id": "acme-portal",
          "name": "ACME Portal",
          "tenants": ["acme"],
          "term": { "start": "2025-03-01", "end": "2025-12-31" },
          "versions": [ { "version": 1, "effective": "2025-03-01", "template": "monthly-active",
                          "commercial": { "currency": "EUR", "unitPrice": "2.50" } } ]
        }
        """;

    [Fact]
    public async Task A_Due_Window_Is_Closed_Into_Revision_1_With_Its_Evidence()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite);
        await harness.ApplyAsync(MonthlyActive);
        await harness.IngestAsync(
            Instant.FromUtc(2025, 4, 1, 12, 0),
            Event("1", "user.login", "ana", "2025-03-02T09:00:00+01:00"),
            Event("2", "user.login", "ana", "2025-03-20T09:00:00+01:00"),
            Event("3", "data.accessed", "bob/b#2?", "2025-03-31T23:30:00+02:00"),
            Event("4", "user.login", "cy", "2025-04-01T00:30:00+02:00"));

        var (scheduled, drained) = await harness.CloseAsync(Instant.FromUtc(2025, 4, 2, 22, 0));

        Assert.Equal([March], scheduled.Requested.Select(r => r.WindowId));
        var outcome = Assert.Single(drained.Outcomes);
        Assert.Equal(CloseStatus.Written, outcome.Status);
        Assert.Empty(drained.Failures);
        var (stored, invoice) = await harness.InvoiceAsync("acme-portal", March, 1);
        Assert.Equal(2, invoice.Figures.Quantity);
        Assert.Equal("5.00", invoice.Charges!.Total.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        var evidence = await harness.BlobAsync(invoice.Evidence.BlobName);
        Assert.Equal(invoice.Evidence.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(evidence)));
        Assert.Equal(2, invoice.Evidence.Lines);
        Assert.Equal(0, stored.Baseline.Records);
    }

    /// <summary>
    /// A closer that read the contract before an amendment was applied must not publish what it measured under the old
    /// version on top of a revision published under the amendment: its close is dropped (the ledger still names the old
    /// contract, so the scheduler's amended close publishes instead).
    /// </summary>
    [Fact]
    public async Task A_Closer_That_Read_The_Contract_Before_An_Amendment_Publishes_Nothing()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite);
        var v1 = await harness.ApplyAsync(MonthlyActive);
        await harness.IngestAsync(Instant.FromUtc(2025, 4, 1, 12, 0), Event("1", "user.login", "ana", "2025-03-02T09:00:00+01:00"));
        await harness.CloseAsync(Instant.FromUtc(2025, 4, 2, 22, 0));
        await harness.ApplyAsync(MonthlyActive.Replace("\"2.50\"", "\"3.00\"", StringComparison.Ordinal));
        var (_, amended) = await harness.CloseAsync(Instant.FromUtc(2025, 4, 3, 22, 0));
        Assert.Equal([(CloseStatus.Written, "amended")], amended.Outcomes.Select(o => (o.Status, o.Request.Reason)));

        // The stale closer is handed version 1 when it starts; every later read sees the stored, amended contract.
        var stored = harness.Services.GetRequiredService<IContractStore>();
        var stale = ActivatorUtilities.CreateInstance<WindowCloser>(harness.Services, new FirstReadReturns(v1, stored));
        var outcome = await stale.CloseAsync(new CloseRequest(ContractId.Parse("acme-portal"), March, "late-events"), default);

        Assert.Equal(CloseStatus.Skipped, outcome.Status);
        Assert.Contains("amended while it was being closed", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal([1, 2], (await harness.RevisionsAsync("acme-portal", March)).Select(r => r.Revision));
        Assert.Equal(3.00m, (await harness.InvoiceAsync("acme-portal", March, 2)).Invoice.Charges!.Total);
    }

    private sealed class FirstReadReturns(Contract first, IContractStore stored) : IContractStore
    {
        private int _reads;

        public Task ApplyAsync(Contract contract, CancellationToken cancellationToken) => stored.ApplyAsync(contract, cancellationToken);

        public Task<ContractListing> ListAsync(CancellationToken cancellationToken) => stored.ListAsync(cancellationToken);

        public Task<Contract?> GetAsync(ContractId id, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _reads) == 1 ? Task.FromResult<Contract?>(first) : stored.GetAsync(id, cancellationToken);
    }

    // docs/closing.md, "A window with no data": a 0 over a window with no stored event of any kind is marked, so that
    // billing does not send a zero for a stopped stream unknowingly; a 0 over events that do not count is a count.
    [Theory]
    [InlineData("no event at all", null, true)]
    [InlineData("only an event of another month", "2025-04-01T00:30:00+02:00", true)]
    [InlineData("a login of a user the rule does not count (types: content.opened)", "2025-03-31T23:30:00+02:00", false)]
    public async Task A_Zero_Window_With_No_Stored_Event_Carries_The_No_Data_Anomaly_And_Note(string what, string? login, bool marked)
    {
        await using var harness = await CloseHarness.CreateAsync(azurite);
        await harness.ApplyAsync(MonthlyActive.Replace("\"template\": \"monthly-active\",", "\"template\": \"monthly-active\", \"parameters\": { \"types\": [\"content.opened\"] },", StringComparison.Ordinal));
        if (login is { } time)
        {
            await harness.IngestAsync(Instant.FromUtc(2025, 4, 1, 12, 0), Event("1", "user.login", "ana", time));
        }

        await harness.CloseAsync(Instant.FromUtc(2025, 4, 2, 22, 0));

        var (_, invoice) = await harness.InvoiceAsync("acme-portal", March, 1);
        Assert.Equal(0, invoice.Figures.Quantity);
        Assert.True(marked == invoice.Anomalies.Any(a => a.Code == NoData.Code), what);
        Assert.True(marked == invoice.Notes.Any(n => n.StartsWith("no data: ", StringComparison.Ordinal)), what);
    }

    [Fact]
    public async Task A_Late_Event_Revises_The_Window_With_Supersedes_Delta_And_Late_Counts()
    {
        await using var harness = await ClosedMarchAsync();
        var late = await harness.IngestAsync(
            Instant.FromUtc(2025, 4, 5, 8, 0),
            Event("5", "user.login", "dan", "2025-03-10T10:00:00+01:00"),
            Event("6", "user.login", "dan", "2025-03-11T10:00:00+01:00"),
            Event("7", "user.login", "ana", "2025-04-04T10:00:00+02:00"));

        var (scheduled, drained) = await harness.CloseAsync(Instant.FromUtc(2025, 4, 5, 9, 0));

        Assert.Equal(2, late.LateEvents);
        Assert.Equal("late-events", Assert.Single(scheduled.Requested).Reason);
        Assert.Equal(CloseStatus.Written, Assert.Single(drained.Outcomes).Status);
        var (stored, invoice) = await harness.InvoiceAsync("acme-portal", March, 2);
        Assert.Equal(3, invoice.Figures.Quantity);
        Assert.Equal((1, "acme-portal.2025-03-01_2025-03-31.r1"), (invoice.Supersedes!.Revision, invoice.Supersedes.InvoiceId));
        var quantity = invoice.Delta!.Figures.Single(f => f.Name == "quantity");
        Assert.Equal((2m, 3m, 1m), (quantity.Previous, quantity.Current, quantity.Change));
        var total = invoice.Delta.Amounts.Single(a => a.Name == "total");
        Assert.Equal((5.00m, 7.50m, 2.50m), (total.Previous, total.Current, total.Change));
        Assert.Equal([(new LocalDate(2025, 3, 10), 1L), (new LocalDate(2025, 3, 11), 1L)], invoice.LateEvents.Select(e => (e.Key, e.Value)));
        Assert.Equal(2, stored.Baseline.Records);
        Assert.Equal(2, (await harness.RevisionsAsync("acme-portal", March)).Count);
    }

    [Fact]
    public async Task A_Duplicate_Of_A_Late_Event_In_Another_Batch_Writes_No_Revision_And_Is_Not_Rescheduled()
    {
        await using var harness = await ClosedMarchAsync();
        var dan = Event("5", "user.login", "dan", "2025-03-10T10:00:00+01:00");
        await harness.IngestAsync(Instant.FromUtc(2025, 4, 5, 8, 0), dan);
        await harness.CloseAsync(Instant.FromUtc(2025, 4, 5, 9, 0));

        // The app sends the same event again, with a new one of an open month: a new batch, so a new touch.
        var resent = await harness.IngestAsync(Instant.FromUtc(2025, 4, 6, 8, 0), dan, Event("8", "user.login", "eve", "2025-04-06T09:00:00+02:00"));
        var (rescheduled, redrained) = await harness.CloseAsync(Instant.FromUtc(2025, 4, 6, 9, 0));
        var (quiet, _) = await harness.CloseAsync(Instant.FromUtc(2025, 4, 7, 9, 0));

        Assert.Equal(1, resent.LateEvents);
        Assert.Equal("late-events", Assert.Single(rescheduled.Requested).Reason);
        Assert.Equal(CloseStatus.Unchanged, Assert.Single(redrained.Outcomes).Status);
        Assert.Equal(2, Assert.Single(redrained.Outcomes).Revision!.Revision);
        Assert.Empty(quiet.Requested);
        Assert.Equal([1, 2], (await harness.RevisionsAsync("acme-portal", March)).Select(r => r.Revision));
    }

    [Fact]
    public async Task The_Same_Late_Batch_Delivered_Twice_Leaves_Nothing_To_Close()
    {
        await using var harness = await ClosedMarchAsync();
        byte[][] late = [Event("5", "user.login", "dan", "2025-03-10T10:00:00+01:00")];
        await harness.IngestAsync(Instant.FromUtc(2025, 4, 5, 8, 0), late);
        await harness.CloseAsync(Instant.FromUtc(2025, 4, 5, 9, 0));

        var again = await harness.IngestAsync(Instant.FromUtc(2025, 4, 6, 8, 0), late);
        var (scheduled, drained) = await harness.CloseAsync(Instant.FromUtc(2025, 4, 6, 9, 0));

        Assert.Equal(1, again.SkippedAsRedelivered);
        Assert.Equal((0L, 0L, 1L), (again.Accepted, again.LateEvents, again.AlreadyRecorded));
        Assert.Empty(scheduled.Requested);
        Assert.Empty(drained.Outcomes);
        Assert.Equal([1, 2], (await harness.RevisionsAsync("acme-portal", March)).Select(r => r.Revision));
    }

    [Fact]
    public async Task An_Amendment_Governing_A_Closed_Window_Revises_It_Citing_The_New_Version()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite);
        await harness.ApplyAsync(Yearly("""{ "currency": "EUR", "unitPrice": "2.50" }"""));
        await harness.IngestAsync(
            Instant.FromUtc(2025, 4, 1, 12, 0),
            Event("1", "user.login", "ana", "2025-02-02T09:00:00+01:00"),
            Event("2", "user.login", "ana", "2025-03-02T09:00:00+01:00"),
            Event("3", "user.login", "bob", "2025-03-03T09:00:00+01:00"));
        await harness.CloseAsync(Instant.FromUtc(2025, 4, 3, 0, 0));
        await harness.ApplyAsync(Yearly("""{ "currency": "EUR", "unitPrice": "2.50" }""", """{ "currency": "EUR", "unitPrice": "3.00" }"""));

        var (scheduled, drained) = await harness.CloseAsync(Instant.FromUtc(2025, 4, 4, 0, 0));

        Assert.All(scheduled.Requested, r => Assert.Equal("amended", r.Reason));
        Assert.Equal(["2025-01-01_2025-01-31", "2025-02-01_2025-02-28", March], scheduled.Requested.Select(r => r.WindowId));
        Assert.Equal(
            [CloseStatus.Unchanged, CloseStatus.Unchanged, CloseStatus.Written],
            drained.Outcomes.OrderBy(o => o.Request.WindowId, StringComparer.Ordinal).Select(o => o.Status));
        var (_, march) = await harness.InvoiceAsync("acme-yearly", March, 2);
        Assert.Equal((2, new LocalDate(2025, 3, 1)), (march.Contract.Version, march.Contract.Effective));
        Assert.Equal(6.00m, march.Charges!.Total);
        Assert.Empty(march.LateEvents);
        Assert.Single(await harness.RevisionsAsync("acme-yearly", "2025-02-01_2025-02-28"));
    }

    [Fact]
    public async Task A_Close_Interrupted_After_Publishing_And_Before_The_Ledger_Resumes_Without_A_Second_Revision()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var ledgerWrites = FaultInjector.FailWhen(
            m => (m.Request.Method == RequestMethod.Post && m.Request.Uri.Path.EndsWith($"/{prefix}closes", StringComparison.Ordinal))
                || (m.Request.Method != RequestMethod.Get && m.Request.Uri.Path.Contains($"/{prefix}closes(", StringComparison.Ordinal)),
            FaultKind.ServiceUnavailable);
        ledgerWrites.Enabled = false;
        await using var harness = await CloseHarness.CreateAsync(azurite, "Europe/Paris", prefix, ledgerWrites);
        await harness.ApplyAsync(MonthlyActive);
        await harness.IngestAsync(Instant.FromUtc(2025, 4, 1, 12, 0), Event("1", "user.login", "ana", "2025-03-02T09:00:00+01:00"));

        ledgerWrites.Enabled = true;
        var (_, crashed) = await harness.CloseAsync(Instant.FromUtc(2025, 4, 3, 0, 0));
        ledgerWrites.Enabled = false;
        var published = await harness.RevisionsAsync("acme-portal", March);
        var (rescheduled, resumed) = await harness.CloseAsync(Instant.FromUtc(2025, 4, 3, 1, 0));
        var (quiet, _) = await harness.CloseAsync(Instant.FromUtc(2025, 4, 3, 2, 0));

        Assert.Equal(1, ledgerWrites.Faults);
        Assert.Empty(crashed.Outcomes);
        Assert.Single(crashed.Failures);
        Assert.Single(published);
        Assert.Equal("due", Assert.Single(rescheduled.Requested).Reason);
        Assert.Equal(CloseStatus.Unchanged, Assert.Single(resumed.Outcomes).Status);
        Assert.Empty(quiet.Requested);
        Assert.Single(await harness.RevisionsAsync("acme-portal", March));
        await harness.InvoiceAsync("acme-portal", March, 1);
    }

    [Fact]
    public async Task The_Invoice_Bytes_Do_Not_Depend_On_How_The_Events_Were_Batched_Ordered_Or_Redelivered()
    {
        byte[][] events =
        [
            Event("1", "user.created", "ana", "2025-01-05T00:00:00Z", "{\"roles\":[\"administrator\"],\"aliases\":[\"ana@example.com\"]}"),
            Event("2", "user.created", "bob", "2025-01-05T00:00:00Z", "{\"roles\":[\"administrator\"]}"),
            Event("3", "user.created", "cy", "2025-01-05T00:00:00Z"),
            Event("4", "role.revoked", "bob", "2025-03-05T00:00:00Z", "{\"role\":\"administrator\"}"),
            Event("5", "role.revoked", "ana", "2025-03-10T00:00:00Z", "{\"role\":\"administrator\"}"),
            Event("6", "role.granted", "cy", "2025-03-12T00:00:00Z", "{\"role\":\"administrator\"}"),
            Event("7", "user.deactivated", "cy", "2025-03-20T00:00:00Z"),
            Event("8", "user.activated", "cy", "2025-03-20T00:00:00Z"),
            Event("9", "user.login", "ana@example.com", "2025-03-02T09:00:00+01:00"),
            Event("10", "user.login", "dan/#?\\%", "2025-03-31T23:59:59+02:00"),
            Event("11", "data.accessed", "zoë", "2025-03-15T12:00:00Z"),
        ];
        var receivedAt = Instant.FromUtc(2025, 4, 1, 12, 0);
        var asOf = Instant.FromUtc(2025, 4, 3, 0, 0);
        var reference = await InvoicesAsync(await CloseHarness.CreateAsync(azurite, "Europe/Paris"), [events], receivedAt, asOf);

        var batchings = Gen.Select(Gen.Shuffle(Enumerable.Range(0, events.Length).ToArray()), Gen.Int[0, events.Length - 1].Array[0, 4], Gen.Int[1, 4])
            .Select((order, resent, cuts) =>
            {
                var sequence = order.Concat(resent).ToList();
                var size = (sequence.Count + cuts - 1) / cuts;
                return sequence.Chunk(size).Select(c => c.Select(i => events[i]).ToArray()).ToArray();
            });
        await batchings.SampleAsync(
            async batches => Assert.Equal(reference, await InvoicesAsync(await CloseHarness.CreateAsync(azurite, "Europe/Paris"), batches, receivedAt, asOf)),
            iter: 6,
            threads: 1);
    }

    // Closer A measures March after dan's late login; before it publishes, closer B (another instance) sees eve's later
    // login too and publishes r2 with both. A's create-only r2 is refused: it must not publish its older figures as r3
    // over B's, nor leave a ledger record that hides eve.
    [Fact]
    public async Task A_Closer_That_Loses_The_Publish_Race_Measures_Again_Instead_Of_Superseding_The_Winner()
    {
        var prefix = AzuriteFixture.NewPrefix();
        await using var other = await CloseHarness.CreateAsync(azurite, "Europe/Paris", prefix);
        var request = new CloseRequest(ContractId.Parse("acme-portal"), March, "late-events");
        var rival = new RequestHook(
            m => m.Request.Method == RequestMethod.Put && m.Request.Uri.Path.Contains("/evidence-", StringComparison.Ordinal),
            async () =>
            {
                await other.IngestAsync(Instant.FromUtc(2025, 4, 5, 8, 30), Event("9", "user.login", "eve", "2025-03-12T10:00:00+01:00"));
                other.Clock.Reset(Instant.FromUtc(2025, 4, 5, 9, 0));
                Assert.Equal(CloseStatus.Written, (await other.Services.GetRequiredService<WindowCloser>().CloseAsync(request, default)).Status);
            });
        await using var harness = await CloseHarness.CreateAsync(azurite, "Europe/Paris", prefix, rival);
        await other.ApplyAsync(MonthlyActive);
        await other.IngestAsync(Instant.FromUtc(2025, 4, 1, 12, 0), Event("1", "user.login", "ana", "2025-03-02T09:00:00+01:00"));
        await other.CloseAsync(Instant.FromUtc(2025, 4, 3, 0, 0));
        await other.IngestAsync(Instant.FromUtc(2025, 4, 5, 8, 0), Event("5", "user.login", "dan", "2025-03-10T10:00:00+01:00"));

        harness.Clock.Reset(Instant.FromUtc(2025, 4, 5, 9, 0));
        var outcome = await harness.Services.GetRequiredService<WindowCloser>().CloseAsync(request, default);
        var (scheduled, _) = await other.CloseAsync(Instant.FromUtc(2025, 4, 6, 9, 0));

        Assert.True(rival.Fired);
        Assert.Equal((CloseStatus.Unchanged, 2), (outcome.Status, outcome.Revision!.Revision));
        Assert.Equal([1, 2], (await harness.RevisionsAsync("acme-portal", March)).Select(r => r.Revision));
        var (stored, latest) = await harness.InvoiceAsync("acme-portal", March, 2);
        Assert.Equal(3, latest.Figures.Quantity);
        Assert.Equal(2, stored.Baseline.Records);
        var record = (await harness.Services.GetRequiredService<ICloseLedger>().ListAsync(ContractId.Parse("acme-portal"), default))[March];
        Assert.Equal((2, 2L), (record.Revision, record.TouchRecords));
        Assert.Empty(scheduled.Requested);
    }

    private async Task<CloseHarness> ClosedMarchAsync()
    {
        var harness = await CloseHarness.CreateAsync(azurite);
        await harness.ApplyAsync(MonthlyActive);
        await harness.IngestAsync(
            Instant.FromUtc(2025, 4, 1, 12, 0),
            Event("1", "user.login", "ana", "2025-03-02T09:00:00+01:00"),
            Event("3", "data.accessed", "bob/b#2?", "2025-03-31T23:30:00+02:00"));
        var (_, drained) = await harness.CloseAsync(Instant.FromUtc(2025, 4, 3, 0, 0));
        Assert.Equal(CloseStatus.Written, Assert.Single(drained.Outcomes).Status);
        return harness;
    }

    private static async Task<string[]> InvoicesAsync(CloseHarness harness, IEnumerable<byte[][]> batches, Instant receivedAt, Instant asOf)
    {
        await using (harness)
        {
            await harness.ApplyAsync(MonthlyActive);
            await harness.ApplyAsync(MonthlyActive.Replace("acme-portal", "acme-flags", StringComparison.Ordinal).Replace("monthly-active", "active-flag-users", StringComparison.Ordinal));
            foreach (var batch in batches)
            {
                await harness.IngestAsync(receivedAt, batch);
            }

            await harness.CloseAsync(asOf);
            var texts = new List<string>();
            foreach (var contract in new[] { "acme-flags", "acme-portal" })
            {
                var (stored, invoice) = await harness.InvoiceAsync(contract, March, 1);
                texts.Add(System.Text.Encoding.UTF8.GetString(stored.Json.Span));
                texts.Add(System.Text.Encoding.UTF8.GetString(await harness.BlobAsync(invoice.Evidence.BlobName)));
            }

            return [.. texts];
        }
    }

    private static string Yearly(params string[] commercial)
    {
        var versions = commercial.Select((terms, i) =>
            $$"""{ "version": {{i + 1}}, "effective": "{{(i == 0 ? "2025-01-01" : "2025-03-01")}}", "template": "monthly-active", "commercial": {{terms}} }""");
        return $$"""
            {
              "id": "acme-yearly",
              "tenants": ["acme"],
              "term": { "start": "2025-01-01", "end": "2025-12-31" },
              "versions": [ {{string.Join(", ", versions)}} ]
            }
            """;
    }

    private static byte[] Event(string id, string type, string subject, string time, string? data = null, string tenant = "acme") =>
        CloudEvents.Body(id, CloseHarness.Source, tenant, type, subject, time, data);
}

using System.Net;
using System.Text;
using System.Text.Json;
using Metering.Cli.Tests.Support;
using Metering.Domain.Formats;
using Metering.Domain.Ports;
using Metering.Pipeline.Closing;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using NodaTime;

namespace Metering.Cli.Tests.Serve;

/// <summary>
/// The read-only GETs of <c>metering serve</c> (issue 12, item 5): an invoice's evidence, checked against the invoice
/// before a byte is sent, and the dead letters, as <c>invoices evidence --json</c> and <c>deadletters --json</c> give them.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReadEndpointsTests(AzuriteFixture azurite)
{
    private const string MonthlyContract = """
        {
          "id": "globex-monthly",
          "tenants": ["globex"],
          "term": { "start": "2024-03-01", "end": "2024-12-31" },
          "versions": [ { "version": 1, "effective": "2024-03-01", "template": "monthly-active" } ]
        }
        """;

    private const string Evidence = "/invoices/globex/globex-monthly/2024-03-01_2024-03-31/evidence";
    private const string Explain = "/invoices/globex/globex-monthly/2024-03-01_2024-03-31/explain";
    private static readonly Instant Now = Instant.FromUtc(2024, 4, 5, 0, 0);
    private static readonly byte[] Bad = CloudEvents.Body("9", "app://erp", "globex", "no.such.type", "bob", "2024-03-08T12:00:00Z");

    [Fact]
    public async Task Evidence_Is_Sent_As_Stored_With_Its_Sha256_And_Refused_When_It_No_Longer_Matches()
    {
        await using var serve = await StartAsync();
        var invoice = InvoiceJson.Read((await serve.Service<IInvoiceStore>().ReadAsync((await ToListAsync(serve.Service<IInvoiceStore>().ListAsync(null, null, default))).Single(), default))!.Json);
        var blob = serve.Account.Blobs.GetBlobContainerClient(serve.Account.Names.Invoices).GetBlobClient(invoice.Evidence.BlobName);
        var stored = (await blob.DownloadContentAsync()).Value.Content.ToArray();

        using var ok = await serve.Http.GetAsync(new Uri(Evidence, UriKind.Relative));
        var body = await ok.Content.ReadAsByteArrayAsync();
        await blob.UploadAsync(BinaryData.FromString(Encoding.UTF8.GetString(stored).Replace("zoë", "zoe", StringComparison.Ordinal)), overwrite: true);
        using var changed = await serve.Http.GetAsync(new Uri(Evidence, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("application/x-ndjson", ok.Content.Headers.ContentType!.MediaType);
        Assert.Equal(invoice.Evidence.Sha256, ok.Headers.GetValues("X-Evidence-Sha256").Single());
        Assert.Equal(stored, body);
        Assert.Equal(2, Encoding.UTF8.GetString(body).Count(c => c == '\n'));
        Assert.Equal(HttpStatusCode.InternalServerError, changed.StatusCode);
        Assert.Contains(invoice.Evidence.Sha256, await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/invoices/globex/globex-monthly/2024-02-01_2024-02-29/evidence", HttpStatusCode.NotFound, "never closed")]
    [InlineData(Evidence + "?revision=3", HttpStatusCode.NotFound, "has no revision 3")]
    [InlineData("/invoices/Globex/globex-monthly/2024-03-01_2024-03-31/evidence", HttpStatusCode.BadRequest, "is not a tenant id")]
    [InlineData("/invoices/globex/globex-monthly/2024-03-31_2024-03-01/evidence", HttpStatusCode.BadRequest, "is not a window id")]
    [InlineData("/deadletters?reason=bogus", HttpStatusCode.BadRequest, "is not a reason code")]
    [InlineData("/deadletters?from=yesterday", HttpStatusCode.BadRequest, "from:")]
    [InlineData("/deadletters?from=2030-01-01T00:00:00Z", HttpStatusCode.BadRequest, "from is after now")]
    [InlineData("/deadletters?from=0001-01-01T00:00:00Z", HttpStatusCode.BadRequest, "spans more than 366 days")]
    [InlineData("/deadletters/0123456789abcdef0123456789abcdef", HttpStatusCode.NotFound, "no dead letters of batch")]
    [InlineData("/deadletters/not-a-batch", HttpStatusCode.BadRequest, "is not a batch id")]
    public async Task What_Does_Not_Exist_Is_404_And_A_Malformed_Request_400_With_Its_Problems(string path, HttpStatusCode status, string problem)
    {
        await using var serve = await StartAsync();

        using var answer = await serve.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(status, answer.StatusCode);
        var problems = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("problems");
        Assert.Contains(problems.EnumerateArray(), p => p.GetString()!.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dead_Letters_Are_Listed_And_Shown_As_The_Cli_Prints_Them_With_Json()
    {
        await using var serve = await StartAsync();

        using var list = await serve.Http.GetAsync(new Uri("/deadletters?reason=unknown-type", UriKind.Relative));
        var letters = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement;
        var batch = letters[0].GetProperty("batch").GetString();
        using var shown = await serve.Http.GetAsync(new Uri($"/deadletters/{batch}", UriKind.Relative));
        using var none = await serve.Http.GetAsync(new Uri("/deadletters?tenant=acme", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var letter = Assert.Single(letters.EnumerateArray());
        Assert.Equal(Bad, letter.GetProperty("body").GetBytesFromBase64());
        Assert.Equal("globex", letter.GetProperty("tenant").GetString());
        Assert.Equal(letters.GetRawText(), JsonDocument.Parse(await shown.Content.ReadAsStringAsync()).RootElement.GetRawText());
        Assert.Equal(0, JsonDocument.Parse(await none.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_Unit_Is_Explained_As_Explain_Json_Gives_It_With_Its_Dead_Letters()
    {
        await using var serve = await StartAsync();

        using var counted = await serve.Http.GetAsync(new Uri(Explain + "?unit=" + Uri.EscapeDataString("ana/β #1"), UriKind.Relative));
        using var rejected = await serve.Http.GetAsync(new Uri(Explain + "?unit=bob", UriKind.Relative));
        using var missing = await serve.Http.GetAsync(new Uri(Explain, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, counted.StatusCode);
        var ana = JsonDocument.Parse(await counted.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, ana.GetProperty("published").GetProperty("revision").GetInt32());
        Assert.True(ana.GetProperty("now").GetProperty("agreesWithPublished").GetBoolean());
        var unit = ana.GetProperty("unit");
        Assert.Equal("ana/β #1", unit.GetProperty("unit").GetString());
        Assert.True(unit.GetProperty("billed").GetBoolean());
        Assert.True(unit.GetProperty("countedNow").GetBoolean());
        Assert.Equal("counted: it qualified on 2024-03-31", unit.GetProperty("reason").GetString());
        Assert.Equal("qualifying-activity", unit.GetProperty("steps")[0].GetProperty("code").GetString());

        var bob = JsonDocument.Parse(await rejected.Content.ReadAsStringAsync()).RootElement.GetProperty("unit");
        Assert.False(bob.GetProperty("billed").GetBoolean());
        Assert.StartsWith("not counted: no activity of 'bob' is stored on the days measured (2024-03-01 to 2024-03-31); the rule counts", bob.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var letter = Assert.Single(bob.GetProperty("deadLetters").EnumerateArray());
        Assert.Equal(["unknown-type"], letter.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("no.such.type", letter.GetProperty("type").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Theory]
    [InlineData("text/plain", "zoë\nana/β #1\n", true, "")]
    [InlineData("text/csv", "user,team\nzoë,red\n\"ana/β #1\",blue\n", true, "")]
    [InlineData("text/plain", "zoë\nzoë\ncarla\n", false, "billed:ana/β #1,listed:carla")]
    public async Task A_List_Is_Reconciled_With_The_Billed_Units_Each_Difference_With_Its_Reason(string mediaType, string list, bool agree, string differences)
    {
        await using var serve = await StartAsync();

        using var answer = await serve.Http.PostAsync(new Uri("/invoices/globex/globex-monthly/2024-03-01_2024-03-31/reconcile", UriKind.Relative), ServeInput.Content(list, mediaType));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var report = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(agree, report.GetProperty("agree").GetBoolean());
        var found = report.GetProperty("billedNotListed").EnumerateArray().Select(u => "billed:" + u.GetProperty("unit").GetString())
            .Concat(report.GetProperty("listedNotBilled").EnumerateArray().Select(u => "listed:" + u.GetProperty("unit").GetString()));
        Assert.Equal(differences, string.Join(",", found));
        Assert.All(report.GetProperty("listedNotBilled").EnumerateArray(), u => Assert.StartsWith("not counted: ", u.GetProperty("reason").GetString(), StringComparison.Ordinal));
        Assert.All(report.GetProperty("billedNotListed").EnumerateArray(), u => Assert.StartsWith("counted: ", u.GetProperty("reason").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Window_Never_Closed_Has_Nothing_To_Reconcile()
    {
        await using var serve = await StartAsync();

        using var answer = await serve.Http.PostAsync(new Uri("/invoices/globex/globex-monthly/2024-04-01_2024-04-30/reconcile", UriKind.Relative), ServeInput.Content("zoë\n", "text/plain"));

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Contains("was published", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Report_Is_Served_Live_With_Evidence_Links_To_The_Evidence_Endpoint()
    {
        await using var serve = await StartAsync();
        var invoice = InvoiceJson.Read((await serve.Service<IInvoiceStore>().ReadAsync((await ToListAsync(serve.Service<IInvoiceStore>().ListAsync(null, null, default))).Single(), default))!.Json);

        using var index = await serve.Http.GetAsync(new Uri("/report", UriKind.Relative));
        using var page = await serve.Http.GetAsync(new Uri("/report/globex?from=2024-03-01", UriKind.Relative));
        using var none = await serve.Http.GetAsync(new Uri("/report/acme", UriKind.Relative));
        using var bad = await serve.Http.GetAsync(new Uri("/report?from=March", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType!.MediaType);
        Assert.Contains("href=\"/report/globex\"", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"data-window=\"2024-03-01_2024-03-31\" data-quantity=\"{invoice.Figures.Quantity}\" data-revision=\"1\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/invoices/globex/globex-monthly/2024-03-01_2024-03-31/evidence?revision=1\"", html, StringComparison.Ordinal);
        Assert.Contains("Content-Security-Policy", html, StringComparison.Ordinal);
        Assert.Contains("unknown-type", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_Report_Verb_Copies_Evidence_That_Matches_Its_Invoice_And_Refuses_Evidence_That_Does_Not()
    {
        await using var serve = await StartAsync();
        var invoice = InvoiceJson.Read((await serve.Service<IInvoiceStore>().ReadAsync((await ToListAsync(serve.Service<IInvoiceStore>().ListAsync(null, null, default))).Single(), default))!.Json);
        var blob = serve.Account.Blobs.GetBlobContainerClient(serve.Account.Names.Invoices).GetBlobClient(invoice.Evidence.BlobName);
        var stored = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        var good = Path.Combine(Path.GetTempPath(), "metering-report-good-" + Guid.NewGuid().ToString("N"));
        var bad = Path.Combine(Path.GetTempPath(), "metering-report-bad-" + Guid.NewGuid().ToString("N"));
        string[] storage = ["--storage", azurite.ConnectionString, "--prefix", serve.Prefix];

        var copied = await CliRun.RunAsync(["report", "--out", good, .. storage]);
        await blob.UploadAsync(BinaryData.FromString(Encoding.UTF8.GetString(stored).Replace("zoë", "zoe", StringComparison.Ordinal)), overwrite: true);
        var refused = await CliRun.RunAsync(["report", "--out", bad, .. storage]);

        Assert.True(copied.ExitCode == Metering.Cli.ExitCodes.Success, copied.ToString());
        Assert.Equal(stored, await File.ReadAllBytesAsync(Path.Combine(good, "evidence", invoice.Evidence.BlobName)));
        Assert.True(refused.ExitCode == Metering.Cli.ExitCodes.EvidenceMismatch, refused.ToString());
        Assert.Contains(invoice.Evidence.Sha256, refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(bad, "evidence", invoice.Evidence.BlobName)));
    }

    // docs/cli.md, exit codes: a path given with --out that is a file, not a folder, is invalid input (2), named in the error.
    [Fact]
    public async Task The_Report_Verb_Refuses_An_Out_Path_That_Is_A_File()
    {
        var file = Path.Combine(Path.GetTempPath(), "metering-report-file-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, "not a folder");

        var run = await CliRun.RunAsync(["report", "--out", file, "--storage", azurite.ConnectionString, "--prefix", "nothing"]);

        Assert.True(run.ExitCode == Metering.Cli.ExitCodes.InvalidInput, run.ToString());
        Assert.Contains($"--out {file}: not a folder", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", run.Error, StringComparison.Ordinal);
    }

    private async Task<RunningServe> StartAsync()
    {
        var serve = await RunningServe.StartAsync(azurite.ConnectionString, Now);
        await serve.RegisterAsync(ServeInput.Globex);
        await serve.Service<IContractStore>().ApplyAsync(ContractReader.Read(MonthlyContract).Contract!, CancellationToken.None);
        var events = CloudEvents.Ndjson(
        [
            CloudEvents.Body("1", "app://erp", "globex", "user.login", "zoë", "2024-03-07T12:00:00Z"),
            CloudEvents.Body("2", "app://erp", "globex", "app.launched", "ana/β #1", "2024-03-31T23:59:59Z"),
            Bad,
        ]);
        using var posted = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(events, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        await serve.Service<CloseScheduler>().ScheduleAsync(Now, CancellationToken.None);
        await serve.Service<CloseWorker>().DrainAsync(CancellationToken.None);
        return serve;
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}

using System.Globalization;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Metering.Cli.Reporting;
using Metering.Cli.Tests.Support;
using Metering.Domain.Invoices;
using Metering.Testing;
using Metering.Testing.Azurite;
using PuppeteerSharp;

namespace Metering.Cli.Tests.Reporting;

/// <summary>
/// docs/report.md, tested in a real browser (issue 14): after the demo, <c>metering report</c> writes pages that
/// Debian's chromium opens headless; the DOM after the charts are drawn holds every window's figure equal to its
/// published invoice, in the table and in what Chart.js plotted; no request leaves the page (every request it makes
/// is recorded over the DevTools protocol); a screenshot of each page is kept in TestResults/report/.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReportBrowserTests(AzuriteFixture azurite)
{
    private static readonly SemaphoreSlim ReportLock = new(1, 1);
    private static (string Prefix, string Report)? _report;

    [Fact]
    public async Task Every_Windows_Figure_In_The_Browser_Equals_Its_Published_Invoice_And_No_Request_Leaves_The_Page()
    {
        var (prefix, folder) = await DemoAsync();
        var published = (await SharedDemo.LatestInvoicesAsync(azurite, prefix)).Select(p => p.Invoice).ToList();
        Assert.NotEmpty(published);
        var screenshots = Screenshots();

        foreach (var tenant in published.Select(i => i.BillingTenant.Value).Distinct(StringComparer.Ordinal))
        {
            var page = Path.Combine(folder, $"tenant-{tenant}.html");
            var (dom, requests, _) = await Chromium.OpenAsync(page, Path.Combine(screenshots, tenant + ".png"));
            var mine = published.Where(i => i.BillingTenant.Value == tenant).ToList();

            Assert.True(requests.Count == 0, $"{page} requested {string.Join(", ", requests)}");
            Assert.Equal([], Disagreements(new HtmlParser().ParseDocument(dom), mine));
            Assert.All(mine, i => Assert.True(File.Exists(Path.Combine(folder, "evidence", i.Evidence.BlobName)), i.InvoiceId));
        }
    }

    [Fact]
    public async Task The_Check_Fails_When_A_Charts_Data_Disagrees_With_The_Invoice()
    {
        var (prefix, folder) = await DemoAsync();
        var all = (await SharedDemo.LatestInvoicesAsync(azurite, prefix)).Select(p => p.Invoice).ToList();
        var tenant = all.First(i => i.Figures.Quantity > 0).BillingTenant.Value;
        var published = all.Where(i => i.BillingTenant.Value == tenant).ToList();
        var page = Path.Combine(folder, $"tenant-{tenant}.html");
        var tampered = Path.Combine(Path.GetTempPath(), "metering-report-tampered-" + Guid.NewGuid().ToString("N") + ".html");
        var html = await File.ReadAllTextAsync(page);
        const string Island = "<script type=\"application/json\" id=\"report-data\">";
        var data = html[(html.IndexOf(Island, StringComparison.Ordinal) + Island.Length)..];
        data = data[..data.IndexOf("</script>", StringComparison.Ordinal)];
        var charts = System.Text.Json.Nodes.JsonNode.Parse(data)!.AsArray();
        var bars = charts[0]!["datasets"]![0]!["data"]!.AsArray();
        bars[0] = bars[0]!.GetValue<decimal>() + 1;
        await File.WriteAllTextAsync(tampered, html.Replace(data, charts.ToJsonString(), StringComparison.Ordinal));

        var untouched = Disagreements(new HtmlParser().ParseDocument((await Chromium.OpenAsync(page)).Dom), published);
        var found = Disagreements(new HtmlParser().ParseDocument((await Chromium.OpenAsync(tampered)).Dom), published);
        File.Delete(tampered);

        Assert.Empty(untouched);
        var disagreement = Assert.Single(found);
        Assert.Contains("Chart.js plotted", disagreement, StringComparison.Ordinal);
    }

    // Every way a tenant's page can disagree with its published invoices: a window missing or extra, a row whose
    // figure, visible number or revision differs, a bar Chart.js holds (found by its own axis label) that is not the
    // quantity, a committed point that is not the commitment, a sub-window count that differs.
    private static List<string> Disagreements(AngleSharp.Html.Dom.IHtmlDocument document, List<Invoice> published)
    {
        var found = new List<string>();
        var canvases = document.QuerySelectorAll("canvas").ToList();
        if (document.Body!.GetAttribute("data-charts-drawn") != canvases.Count.ToString(CultureInfo.InvariantCulture))
        {
            found.Add($"{document.Body.GetAttribute("data-charts-drawn")} of {canvases.Count} chart(s) drawn");
        }

        var sections = document.QuerySelectorAll("section.contract").Select(s => s.GetAttribute("data-contract")).ToList();
        if (!sections.Order(StringComparer.Ordinal).SequenceEqual(published.Select(i => i.Contract.Id.Value).Distinct().Order(StringComparer.Ordinal)))
        {
            found.Add($"contracts {string.Join(",", sections)}");
        }

        foreach (var contract in published.GroupBy(i => i.Contract.Id.Value))
        {
            var section = document.QuerySelector($"section[data-contract='{contract.Key}']");
            if (section is null)
            {
                continue;
            }

            var rows = section.QuerySelectorAll("table.windows tr[data-window]").Select(r => r.GetAttribute("data-window")!).ToList();
            if (!rows.Order(StringComparer.Ordinal).SequenceEqual(contract.Select(i => i.Window.Id).Order(StringComparer.Ordinal)))
            {
                found.Add($"{contract.Key}: windows {string.Join(",", rows)}");
            }

            var plotted = JsonDocument.Parse(section.QuerySelector("canvas")!.GetAttribute("data-plotted")!).RootElement;
            var labels = plotted.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToList();
            var sets = plotted.GetProperty("datasets").EnumerateArray().ToList();
            var bars = sets.Single(d => d.GetProperty("label").GetString() == HtmlReport.QuantityLabel).GetProperty("data");
            var committed = sets.SingleOrDefault(d => d.GetProperty("label").GetString()!.StartsWith("Committed", StringComparison.Ordinal));
            foreach (var invoice in contract)
            {
                var where = $"{contract.Key} {invoice.Window.Id}";
                var row = section.QuerySelector($"table.windows tr[data-window='{invoice.Window.Id}']");
                var quantity = invoice.Figures.Quantity;
                if (row is null
                    || row.GetAttribute("data-quantity") != quantity.ToString(CultureInfo.InvariantCulture)
                    || row.GetAttribute("data-revision") != invoice.Revision.ToString(CultureInfo.InvariantCulture)
                    || row.QuerySelectorAll("td")[1].TextContent != quantity.ToString("N0", CultureInfo.InvariantCulture)
                    || !row.TextContent.Contains($"{invoice.Evidence.Lines:N0} unit(s)", StringComparison.Ordinal))
                {
                    found.Add($"{where}: the table row is not the invoice's");
                }

                var index = labels.IndexOf(HtmlReport.Label(invoice.Window));
                if (index < 0 || bars[index].GetDecimal() != quantity)
                {
                    found.Add($"{where}: Chart.js plotted {(index < 0 ? "no bar" : bars[index].GetRawText())}, the invoice says {quantity}");
                }

                var commitment = WindowUsage.Of([invoice]).Committed;
                var point = committed.ValueKind == JsonValueKind.Object && index >= 0 ? committed.GetProperty("data")[index] : default;
                if (commitment is { } c && (point.ValueKind != JsonValueKind.Number || point.GetDecimal() != c.Value))
                {
                    found.Add($"{where}: the committed line is not {c.Name} {c.Value}");
                }

                if (!invoice.Figures.SubWindows.IsEmpty)
                {
                    var counts = section.QuerySelector($"table.subwindows[data-window='{invoice.Window.Id}']")?.QuerySelectorAll("tr[data-count]").Select(r => r.GetAttribute("data-count")!).ToList();
                    if (counts is null || !counts.SequenceEqual(invoice.Figures.SubWindows.Select(sw => sw.Count.ToString(CultureInfo.InvariantCulture))))
                    {
                        found.Add($"{where}: sub-window counts differ");
                    }
                }
            }
        }

        return found;
    }

    private static string Screenshots() =>
        Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(RepositoryFile.PathOf("Metering.Functions.sln"))!, "TestResults", "report")).FullName;

    [Fact]
    public async Task A_Page_Reads_In_Dark_And_Light_And_Prints_On_A4()
    {
        var (_, folder) = await DemoAsync();
        var page = Path.Combine(folder, "tenant-sakura.html");
        var screenshots = Screenshots();
        var pdf = Path.Combine(screenshots, "sakura.pdf");

        var light = await Chromium.OpenAsync(page, dark: false);
        var dark = await Chromium.OpenAsync(page, Path.Combine(screenshots, "sakura-dark.png"), dark: true, pdf: pdf);

        Assert.Equal("rgb(255, 255, 255)", light.Background);
        Assert.Equal("rgb(13, 17, 23)", dark.Background);
        var printed = await File.ReadAllTextAsync(pdf, System.Text.Encoding.Latin1);
        Assert.StartsWith("%PDF", printed, StringComparison.Ordinal);
        Assert.Matches(@"/MediaBox\s*\[\s*0\s+0\s+59[45]\.\d*\s+84[12]\.\d*\s*\]", printed);
    }

    [Fact]
    public async Task A_Page_That_Fetches_Something_Is_Caught()
    {
        var page = Path.Combine(Path.GetTempPath(), "metering-report-fetching-" + Guid.NewGuid().ToString("N") + ".html");
        await File.WriteAllTextAsync(page, "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/x.png\"><script>document.body.dataset.chartsDrawn = '0';</script></body></html>");

        var (_, requests, _) = await Chromium.OpenAsync(page);
        File.Delete(page);

        Assert.Contains("http://127.0.0.1:9/x.png", requests);
    }

    // The shared demo's report, written once for the tests of this class.
    private async Task<(string Prefix, string Report)> DemoAsync()
    {
        await ReportLock.WaitAsync();
        try
        {
            if (_report is null)
            {
                var demo = await SharedDemo.GetAsync(azurite);
                var report = Path.Combine(demo.Output, "report-" + Guid.NewGuid().ToString("N"));
                var written = await CliRun.RunAsync(["report", "--out", report, "--storage", azurite.ConnectionString, "--prefix", demo.Prefix]);
                Assert.True(written.ExitCode == ExitCodes.Success, written.ToString());
                _report = (demo.Prefix, report);
            }

            return _report.Value;
        }
        finally
        {
            ReportLock.Release();
        }
    }

    /// <summary>
    /// Debian's chromium, headless, driven over the DevTools protocol (PuppeteerSharp with the system binary: nothing
    /// is downloaded). Every request the page makes is recorded; the browser's own housekeeping (update checks) is not
    /// the page's and is not seen here.
    /// </summary>
    private static class Chromium
    {
        private static string Binary => Environment.GetEnvironmentVariable("METERING_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

        /// <summary>
        /// Opens <paramref name="file"/> in the light or dark scheme, waits for its charts, and returns the DOM, the page's
        /// requests beyond itself and the body's background colour; a full-page screenshot and an A4 print (PDF, the
        /// page's own @page size) when asked.
        /// </summary>
        public static async Task<(string Dom, IReadOnlyList<string> Requests, string Background)> OpenAsync(string file, string? screenshot = null, bool dark = false, string? pdf = null)
        {
            await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = Binary,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions"],
            });
            await using var page = await browser.NewPageAsync();
            var url = new Uri(file).AbsoluteUri;
            var requests = new List<string>();
            page.Request += (_, e) =>
            {
                if (e.Request.Url != url)
                {
                    lock (requests)
                    {
                        requests.Add(e.Request.Url);
                    }
                }
            };
            await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
            await page.EmulateMediaFeaturesAsync([new MediaFeatureValue { MediaFeature = MediaFeature.PrefersColorScheme, Value = dark ? "dark" : "light" }]);
            await page.GoToAsync(url, WaitUntilNavigation.Load);
            await page.WaitForSelectorAsync("body[data-charts-drawn]", new WaitForSelectorOptions { Timeout = 60_000 });
            if (screenshot is not null)
            {
                File.Delete(screenshot);
                await page.ScreenshotAsync(screenshot, new ScreenshotOptions { FullPage = true });
                Assert.True(new FileInfo(screenshot).Length > 10_000, $"{screenshot} is empty");
            }

            if (pdf is not null)
            {
                File.Delete(pdf);
                await page.PdfAsync(pdf, new PdfOptions { PreferCSSPageSize = true, PrintBackground = true });
            }

            var dom = await page.GetContentAsync();
            var background = await page.EvaluateExpressionAsync<string>("getComputedStyle(document.body).backgroundColor");
            lock (requests)
            {
                return (dom, [.. requests], background);
            }
        }
    }
}

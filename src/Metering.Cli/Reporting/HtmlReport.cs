using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Metering.Domain.Invoices;
using NodaTime;
using NodaTime.Text;

namespace Metering.Cli.Reporting;

/// <summary>
/// The usage report as self-contained HTML pages (docs/report.md): Chart.js is inlined from the CLI's resources, the
/// chart data sits in the page as JSON, every chart has a table of the same figures under it, colours follow the
/// reader's light or dark scheme, and the page prints on A4. A Content-Security-Policy forbids every request, so an
/// opened page fetches nothing.
/// </summary>
public static class HtmlReport
{
    private static readonly Lazy<string> ChartJs = new(() =>
    {
        using var stream = typeof(HtmlReport).Assembly.GetManifestResourceStream("Metering.Cli.Reporting.chart.umd.min.js")
            ?? throw new InvalidOperationException("Chart.js is not embedded in the CLI (build/Azurite.targets installs it).");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    });

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>The label of the bars of a contract's chart: each window's <c>measurement.quantity</c> (for a Flex Plan year, its AU minimum).</summary>
    public const string QuantityLabel = "Quantity (measurement.quantity)";

    /// <summary>The index: one line per tenant, linking to its page.</summary>
    public static void WriteIndex(TextWriter output, UsageReport report, Func<string, string> tenantHref)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(tenantHref);
        var body = new StringBuilder();
        body.Append("<h1>Usage report</h1>");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{Html.Encode(Scope(report))}</p>");
        if (report.Tenants.IsEmpty)
        {
            body.Append("<p>No published invoice matches.</p>");
        }
        else
        {
            body.Append("<table><caption>Tenants</caption><thead><tr><th scope=\"col\">Tenant</th><th scope=\"col\" class=\"num\">Contracts</th><th scope=\"col\" class=\"num\">Windows</th><th scope=\"col\" class=\"num\">Dead letters</th></tr></thead><tbody>");
            foreach (var tenant in report.Tenants)
            {
                body.Append(CultureInfo.InvariantCulture,
                    $"<tr><th scope=\"row\"><a href=\"{Html.Encode(tenantHref(tenant.Tenant.Value))}\">{Html.Encode(tenant.Tenant.Value)}</a></th><td class=\"num\">{tenant.Contracts.Length}</td><td class=\"num\">{tenant.Contracts.Sum(c => c.Windows.Length)}</td><td class=\"num\">{tenant.DeadLetterTotal}</td></tr>");
            }

            body.Append("</tbody></table>");
        }

        WritePage(output, "Usage report", body.ToString(), charts: []);
    }

    /// <summary>One tenant's page: per contract its windows, sub-windows and revisions; then its dead letters.</summary>
    /// <param name="output">Where the page goes.</param>
    /// <param name="report">The report (for its scope line).</param>
    /// <param name="tenant">The tenant.</param>
    /// <param name="evidenceHref">The link to download a revision's evidence file.</param>
    /// <param name="indexHref">The link back to the index.</param>
    public static void WriteTenant(TextWriter output, UsageReport report, TenantUsage tenant, Func<Invoice, string> evidenceHref, string indexHref)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(evidenceHref);
        var charts = new List<ChartSpec>();
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"nav\"><a href=\"{Html.Encode(indexHref)}\">All tenants</a></p>");
        body.Append(CultureInfo.InvariantCulture, $"<h1>Usage report: {Html.Encode(tenant.Tenant.Value)}</h1>");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{Html.Encode(Scope(report))}</p>");
        foreach (var contract in tenant.Contracts)
        {
            WriteContract(body, charts, contract, evidenceHref);
        }

        WriteDeadLetters(body, charts, tenant);
        WritePage(output, $"Usage report: {tenant.Tenant.Value}", body.ToString(), charts);
    }

    private static void WriteContract(StringBuilder body, List<ChartSpec> charts, ContractUsage contract, Func<Invoice, string> evidenceHref)
    {
        var id = contract.Contract.Value;
        var title = contract.Name is { } name ? $"{name} ({id})" : id;
        var templates = string.Join(", ", contract.Windows.Select(w => w.Latest.Template.Name).Distinct(StringComparer.Ordinal));
        body.Append(CultureInfo.InvariantCulture, $"<section class=\"contract\" data-contract=\"{Html.Encode(id)}\"><h2>{Html.Encode(title)}</h2>");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{Html.Encode(templates)}; billing zone {Html.Encode(contract.Windows[0].Latest.Window.Zone.Id)}.</p>");

        var committed = contract.Windows.Select(w => w.Committed).FirstOrDefault(c => c is not null)?.Name;
        var datasets = new List<DatasetSpec> { new(QuantityLabel, "measured", "bar", [.. contract.Windows.Select(w => (decimal?)w.Latest.Figures.Quantity)]) };
        if (committed is not null)
        {
            var names = contract.Windows.Where(w => w.Committed is not null).Select(w => w.Committed!.Value.Name).Distinct(StringComparer.Ordinal);
            datasets.Add(new DatasetSpec($"Committed ({string.Join(", ", names)})", "committed", "line", [.. contract.Windows.Select(w => w.Committed?.Value)]));
        }

        var chart = new ChartSpec($"chart-{charts.Count + 1}", $"{title}: quantity per window", [.. contract.Windows.Select(w => Label(w.Latest.Window))], datasets, null);
        charts.Add(chart);
        body.Append(Canvas(chart));
        body.Append("<table class=\"windows\"><caption>Windows (latest revision)</caption><thead><tr>");
        body.Append("<th scope=\"col\">Window</th><th scope=\"col\">Version</th><th scope=\"col\" class=\"num\">Quantity</th><th scope=\"col\" class=\"num\">Committed</th><th scope=\"col\" class=\"num\">Amount</th><th scope=\"col\" class=\"num\">Revision</th><th scope=\"col\" class=\"num\">Late events, all revisions</th><th scope=\"col\" class=\"num\">Evidence</th>");
        body.Append("</tr></thead><tbody>");
        foreach (var window in contract.Windows)
        {
            var latest = window.Latest;
            var amount = latest.Charges is { } charges ? $"{charges.Currency.Format(charges.Total)} {charges.Currency.Code}" : "not priced";
            body.Append(CultureInfo.InvariantCulture,
                $"<tr data-window=\"{Html.Encode(latest.Window.Id)}\" data-quantity=\"{latest.Figures.Quantity}\" data-revision=\"{latest.Revision}\">"
                + $"<th scope=\"row\">{Html.Encode(latest.Window.Id)}</th><td>{latest.Contract.Version}</td><td class=\"num\">{Count(latest.Figures.Quantity)}</td>"
                + $"<td class=\"num\">{(window.Committed is { } c ? Html.Encode(Number(c.Value)) : "-")}</td><td class=\"num\">{Html.Encode(amount)}</td>"
                + $"<td class=\"num\">{latest.Revision}</td><td class=\"num\" data-late-events-all=\"{window.Revisions.Sum(r => r.LateEventTotal)}\">{Count(window.Revisions.Sum(r => r.LateEventTotal))}</td>"
                + $"<td class=\"num\"><a href=\"{Html.Encode(evidenceHref(latest))}\" download>{Count(latest.Evidence.Lines)} unit(s)</a></td></tr>");
        }

        body.Append("</tbody></table>");
        foreach (var window in contract.Windows.Where(w => !w.Latest.Figures.SubWindows.IsEmpty))
        {
            WriteSubWindows(body, charts, title, window.Latest);
        }

        WriteRevisions(body, contract);
        body.Append("</section>");
    }

    // The sub-windows of a window (90-day periods, months of a year): each count, the one the figure comes from marked.
    private static void WriteSubWindows(StringBuilder body, List<ChartSpec> charts, string title, Invoice invoice)
    {
        var subs = invoice.Figures.SubWindows;

        // The highest period is marked on a 90-day year, whose figure is that count; never on an average.
        var highest = subs.Max(s => s.Count);
        int? peak = invoice.Window.Scheme == Domain.Rules.WindowSchemeKind.NinetyDay ? subs.IndexOf(subs.First(s => s.Count == highest)) : null;
        var datasets = new List<DatasetSpec> { new("Count", "measured", "bar", [.. subs.Select(s => (decimal?)s.Count)]) };
        if (invoice.Figures.Named.Any(f => f.Name == "average-active-users"))
        {
            // An averaging window: the mean of the months so far, the figure it heads for.
            datasets.Add(new DatasetSpec("Running average", "average", "line", [.. subs.Select((_, i) => (decimal?)Math.Round(subs.Take(i + 1).Average(s => (decimal)s.Count), 2, MidpointRounding.AwayFromZero))]));
        }

        datasets.Add(new DatasetSpec($"Figure billed ({invoice.Figures.Named[0].Name})", "figure", "line", [.. subs.Select(_ => (decimal?)invoice.Figures.Quantity)]));
        var chart = new ChartSpec($"chart-{charts.Count + 1}", $"{title}, {invoice.Window.Id}: count per sub-window", [.. subs.Select(s => s.Label)], datasets, peak);
        charts.Add(chart);
        body.Append(CultureInfo.InvariantCulture, $"<h3>{Html.Encode(invoice.Window.Id)} by sub-window</h3>");
        body.Append(Canvas(chart));
        body.Append(CultureInfo.InvariantCulture, $"<table class=\"subwindows\" data-window=\"{Html.Encode(invoice.Window.Id)}\"><caption>Sub-windows of {Html.Encode(invoice.Window.Id)}</caption><thead><tr><th scope=\"col\">Sub-window</th><th scope=\"col\">Days</th><th scope=\"col\" class=\"num\">Count</th></tr></thead><tbody>");
        for (var i = 0; i < subs.Length; i++)
        {
            var marked = chart.Highlight == i ? " <strong>(highest: the figure billed)</strong>" : string.Empty;
            body.Append(CultureInfo.InvariantCulture,
                $"<tr data-sub-window=\"{Html.Encode(subs[i].Id)}\" data-count=\"{subs[i].Count}\"><th scope=\"row\">{Html.Encode(subs[i].Label)}{marked}</th><td>{Html.Encode(subs[i].Id.Replace("_", " to ", StringComparison.Ordinal))}</td><td class=\"num\">{Count(subs[i].Count)}</td></tr>");
        }

        body.Append(CultureInfo.InvariantCulture, $"</tbody></table><p class=\"meta\">Figure billed: {Html.Encode(invoice.Figures.Named[0].Name)} {Count(invoice.Figures.Quantity)}.</p>");
    }

    private static void WriteRevisions(StringBuilder body, ContractUsage contract)
    {
        body.Append("<table class=\"revisions\"><caption>Revisions, with what changed and the late events that caused them</caption><thead><tr>");
        body.Append("<th scope=\"col\">Window</th><th scope=\"col\" class=\"num\">Revision</th><th scope=\"col\">Published</th><th scope=\"col\" class=\"num\">Quantity</th><th scope=\"col\" class=\"num\">Late events</th><th scope=\"col\">Changes</th>");
        body.Append("</tr></thead><tbody>");
        foreach (var invoice in contract.Windows.SelectMany(w => w.Revisions))
        {
            var moved = invoice.Delta is { } delta ? delta.Figures.Concat(delta.Amounts).Where(e => e.Change != 0 || e.Previous is null != e.Current is null).ToList() : [];
            var changes = invoice.Revision == 1 ? "first publication"
                : moved.Count == 0 ? "no figure changed (the evidence or the anomalies did)"
                : string.Join("; ", moved.Select(e => $"{e.Name} {Maybe(e.Previous)} → {Maybe(e.Current)} ({Signed(e.Change)})"));
            body.Append(CultureInfo.InvariantCulture,
                $"<tr><th scope=\"row\">{Html.Encode(invoice.Window.Id)}</th><td class=\"num\">{invoice.Revision}</td><td class=\"id\">{Html.Encode(InstantPattern.General.Format(invoice.GeneratedAt))}</td>"
                + $"<td class=\"num\">{Count(invoice.Figures.Quantity)}</td><td class=\"num\">{Count(invoice.LateEventTotal)}</td><td>{Html.Encode(changes)}</td></tr>");
        }

        body.Append("</tbody></table>");
    }

    private static void WriteDeadLetters(StringBuilder body, List<ChartSpec> charts, TenantUsage tenant)
    {
        var received = $"{InstantPattern.General.Format(tenant.DeadLettersReceived.Start)} to {InstantPattern.General.Format(tenant.DeadLettersReceived.End)}";
        body.Append("<section class=\"dead-letters\"><h2>Dead letters</h2>");
        if (tenant.DeadLetters.IsEmpty)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p>No event naming this tenant or a tenant of its contracts was dead-lettered in batches received from {Html.Encode(received)}.</p></section>");
            return;
        }

        var days = tenant.DeadLetters.Select(d => d.Day).Distinct().Order().ToList();
        var tenants = tenant.DeadLetters.Select(d => d.Tenant).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var reasons = tenant.DeadLetters.Select(d => d.Reason).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var datasets = reasons
            .Select(reason => new DatasetSpec(reason, "reason", "bar", [.. days.Select(day => (decimal?)tenant.DeadLetters.Where(d => d.Day == day && d.Reason == reason).Sum(d => d.Count))]))
            .ToList();
        var chart = new ChartSpec($"chart-{charts.Count + 1}", $"{tenant.Tenant}: dead letters of {string.Join(", ", tenants)} per day of receipt (UTC), by reason", [.. days.Select(d => LocalDatePattern.Iso.Format(d))], datasets, null, Stacked: true);
        charts.Add(chart);
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Batches received from {Html.Encode(received)}; 'metering deadletters list --tenant {Html.Encode(tenant.Tenant.Value)}' lists them, 'metering deadletters show BATCH' prints their bodies.</p>");
        body.Append(Canvas(chart));
        body.Append(CultureInfo.InvariantCulture, $"<table class=\"dead-letter-days\"><caption>Dead letters per day, tenant and reason ({Count(tenant.DeadLetterTotal)} event(s); one with two reasons is on two rows)</caption><thead><tr><th scope=\"col\">Day (UTC)</th><th scope=\"col\">Tenant</th><th scope=\"col\">Reason</th><th scope=\"col\" class=\"num\">Events</th></tr></thead><tbody>");
        foreach (var day in tenant.DeadLetters)
        {
            body.Append(CultureInfo.InvariantCulture,
                $"<tr data-day=\"{LocalDatePattern.Iso.Format(day.Day)}\" data-tenant=\"{Html.Encode(day.Tenant)}\" data-reason=\"{Html.Encode(day.Reason)}\" data-count=\"{day.Count}\"><th scope=\"row\">{LocalDatePattern.Iso.Format(day.Day)}</th><td>{Html.Encode(day.Tenant)}</td><td>{Html.Encode(day.Reason)}</td><td class=\"num\">{Count(day.Count)}</td></tr>");
        }

        body.Append("</tbody></table></section>");
    }

    private static string Canvas(ChartSpec chart) =>
        $"<figure class=\"chart\"><div class=\"plot\"><canvas id=\"{chart.Id}\" role=\"img\" aria-label=\"{Html.Encode(chart.Title)} (the table below gives every figure)\"></canvas></div><figcaption>{Html.Encode(chart.Title)}</figcaption></figure>";

    private static void WritePage(TextWriter output, string title, string body, IReadOnlyList<ChartSpec> charts)
    {
        var data = JsonSerializer.Serialize(charts.Select(c => new
        {
            id = c.Id,
            title = c.Title,
            labels = c.Labels,
            stacked = c.Stacked,
            highlight = c.Highlight,
            datasets = c.Datasets.Select(d => new { label = d.Label, role = d.Role, type = d.Type, data = d.Data }),
        }));
        output.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        output.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">");
        output.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"color-scheme\" content=\"light dark\">");
        output.Write($"<title>{Html.Encode(title)}</title><style>{Style}</style></head><body>");
        output.Write(body);
        output.Write($"<script type=\"application/json\" id=\"report-data\">{data}</script>");
        if (charts.Count > 0)
        {
            output.Write("<script>");
            output.Write(ChartJs.Value);
            output.Write("</script><script>");
            output.Write(Script);
            output.Write("</script>");
        }

        output.Write("</body></html>\n");
    }

    private static string Scope(UsageReport report) =>
        (report.Range is { } range ? $"Windows meeting {LocalDatePattern.Iso.Format(range.Start)} to {LocalDatePattern.Iso.Format(range.End)}" : "Every published window")
        + $"; read {InstantPattern.General.Format(report.GeneratedAt)}. Every figure is the published invoice's own.";

    /// <summary>A window on a chart's axis: a calendar month as <c>2025-03</c>, any other window as its days (shorter than its id).</summary>
    public static string Label(Domain.Windows.BillingWindow window) =>
        window.Days.Start.Day == 1 && window.Days.End == window.Days.Start.PlusMonths(1).PlusDays(-1)
            ? LocalDatePattern.CreateWithInvariantCulture("uuuu'-'MM").Format(window.Days.Start)
            : $"{LocalDatePattern.Iso.Format(window.Days.Start)} to {LocalDatePattern.Iso.Format(window.Days.End)}";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(decimal value) => value.ToString("#,0.####", CultureInfo.InvariantCulture);

    private static string Maybe(decimal? value) => value is { } v ? Number(v) : "none";

    private static string Signed(decimal value) => value.ToString("+#,0.####;-#,0.####;0", CultureInfo.InvariantCulture);

    private const string Style = """
        :root { --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --grid: #d0d7de; --c1: #0969da; --c2: #bf3989; --c3: #1a7f37; --c4: #9a6700; --c5: #8250df; --c6: #cf222e; --peak: #cf222e; }
        @media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --grid: #30363d; --c1: #4493f8; --c2: #f778ba; --c3: #3fb950; --c4: #d29922; --c5: #ab7df8; --c6: #f85149; --peak: #f85149; } }
        body { background: var(--bg); color: var(--fg); font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2.5rem; border-bottom: 1px solid var(--grid); } h3 { font-size: 1.05rem; }
        .meta, figcaption { color: var(--muted); font-size: 0.9rem; }
        a { color: var(--c1); }
        table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }
        caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
        th, td { border-bottom: 1px solid var(--grid); padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
        th[scope=row], td.id { white-space: nowrap; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        figure { margin: 1rem 0 0.25rem; } .plot { position: relative; height: 18rem; }
        section, figure, table { break-inside: avoid; }
        @page { size: A4; margin: 14mm; }
        @media print { body { margin: 0; max-width: none; font-size: 10pt; } .nav { display: none; } .plot { height: 7cm; } a { color: inherit; } }
        """;

    // Draws every chart of the page's JSON with Chart.js, in the scheme's colours, then records on each canvas the
    // values Chart.js holds, so a test reads what was drawn rather than what was meant to be.
    private const string Script = """
        (function () {
          var css = getComputedStyle(document.documentElement);
          var v = function (name) { return css.getPropertyValue(name).trim(); };
          var palette = [v('--c1'), v('--c2'), v('--c3'), v('--c4'), v('--c5'), v('--c6')];
          Chart.defaults.color = v('--fg');
          Chart.defaults.borderColor = v('--grid');
          Chart.defaults.animation = false;
          Chart.defaults.maintainAspectRatio = false;
          var charts = JSON.parse(document.getElementById('report-data').textContent);
          charts.forEach(function (spec) {
            var canvas = document.getElementById(spec.id);
            var datasets = spec.datasets.map(function (d, i) {
              var colour = d.role === 'committed' ? v('--c4') : d.role === 'figure' ? v('--c2') : d.role === 'average' ? v('--c3') : palette[i % palette.length];
              var set = { label: d.label, type: d.type, data: d.data, borderColor: colour, backgroundColor: colour };
              set.order = d.type === 'line' ? 0 : 1;
              set.pointStyle = d.type === 'line' ? 'line' : 'rect';
              if (d.type === 'line') { set.fill = false; set.borderWidth = 2; set.pointRadius = 4; set.spanGaps = false; if (d.role === 'committed') { set.borderDash = [6, 4]; } }
              if (spec.highlight !== null && d.role === 'measured') { set.backgroundColor = d.data.map(function (_, k) { return k === spec.highlight ? v('--peak') : colour; }); }
              return set;
            });
            var chart = new Chart(canvas, {
              type: 'bar',
              data: { labels: spec.labels, datasets: datasets },
              options: {
                plugins: { legend: { position: 'bottom', labels: { usePointStyle: true } }, title: { display: false } },
                scales: { x: { stacked: spec.stacked }, y: { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } } }
              }
            });
            canvas.dataset.plotted = JSON.stringify({ labels: chart.data.labels, datasets: chart.data.datasets.map(function (d) { return { label: d.label, data: d.data }; }) });
          });
          document.body.dataset.chartsDrawn = String(charts.length);
        })();
        """;

    private sealed record ChartSpec(string Id, string Title, IReadOnlyList<string> Labels, IReadOnlyList<DatasetSpec> Datasets, int? Highlight, bool Stacked = false);

    private sealed record DatasetSpec(string Label, string Role, string Type, IReadOnlyList<decimal?> Data);
}

using System.Text.Json;
using Metering.Cli.Commands;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Cli.Reading;
using Metering.Cli.Reporting;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Formats;
using Metering.Domain.Ingest;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Hosting.Settings;
using Microsoft.AspNetCore.Http;
using NodaTime;

namespace Metering.Cli.Serve;

/// <summary>
/// The read-only requests of <c>metering serve</c> (docs/operations.md): an invoice's evidence, checked against its
/// invoice first, a unit explained, a customer's list reconciled, and the dead letters, as JSON. The same reads as
/// <c>invoices evidence</c>, <c>explain</c>, <c>reconcile</c> and <c>deadletters list|show</c>.
/// </summary>
public sealed class ReadEndpoints(IInvoiceStore invoices, IDeadLetterStore deadLetters, IClock clock, WindowExplainer explainer, RequestSlots slots, RequestRefusals refusals)
{
    /// <summary>The largest customer list <c>POST .../reconcile</c> reads: 16 MiB, about 500,000 ids.</summary>
    public const int MaxListBytes = 16 * 1024 * 1024;

    private static readonly string ListTooLong = $"body: a list is at most {MaxListBytes} bytes; run 'metering reconcile --list FILE' for a longer one.";

    private static readonly JsonWriterOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>GET /invoices/{tenant}/{contract}/{window}/evidence[?revision=N]</c>: the stored NDJSON, after the check.</summary>
    public async Task EvidenceAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.RequestAborted;
        var problems = new List<string>();
        var wanted = Wanted(context, problems);
        if (problems.Count > 0)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, problems);
            return;
        }

        try
        {
            var (chosen, stored) = await InvoiceRevisionArguments.ResolveAsync(invoices, wanted, cancellationToken);
            var evidence = InvoiceJson.Read(stored.Json).Evidence;
            await EvidenceCheck.VerifyAsync(invoices, evidence, chosen.BlobName, cancellationToken);
            await using var content = await EvidenceCheck.OpenAsync(invoices, evidence, chosen.BlobName, cancellationToken);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/x-ndjson";
            context.Response.Headers["X-Evidence-Sha256"] = evidence.Sha256;
            await content.CopyToAsync(context.Response.Body, cancellationToken);
        }
        catch (InvalidInputException e)
        {
            await ProblemAsync(context, StatusCodes.Status404NotFound, e.Problems);
        }
        catch (EvidenceMismatchException e)
        {
            // Stored data that contradicts its invoice is the service's fault, not the request's.
            await ProblemAsync(context, StatusCodes.Status500InternalServerError, [e.Message]);
        }
    }

    /// <summary>
    /// <c>GET /invoices/{tenant}/{contract}/{window}/explain?unit=U[&amp;revision=N]</c>: the same JSON as <c>explain
    /// --json</c>. The unit is a query parameter, so that a subject holding <c>/</c>, <c>#</c> or <c>?</c> is sent
    /// percent-encoded like any other.
    /// </summary>
    public async Task ExplainAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problems = new List<string>();
        var wanted = Wanted(context, problems);
        var unit = context.Request.Query["unit"] is { Count: 1 } units && units[0] is { Length: > 0 } text ? text : null;
        if (unit is null)
        {
            problems.Add("unit: give exactly one, not empty (?unit=...).");
        }

        if (problems.Count > 0)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, problems);
            return;
        }

        await AnswerAsync(context, async cancellationToken =>
        {
            var explanation = await explainer.ExplainAsync(wanted, [new Subject(unit!)], clock.GetCurrentInstant(), cancellationToken);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await ExplanationReport.WriteUnitJsonAsync(context.Response.Body, explanation, cancellationToken);
        });
    }

    /// <summary>
    /// <c>POST /invoices/{tenant}/{contract}/{window}/reconcile[?revision=N]</c> with the customer's list as the body
    /// (<c>text/csv</c>: a CSV file; anything else: one id a line, UTF-8): the same JSON as <c>reconcile --json</c>, with
    /// 200 whether or not the list agrees (its <c>agree</c> says). A POST because it carries the list; it writes nothing.
    /// </summary>
    public async Task ReconcileAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problems = new List<string>();
        var wanted = Wanted(context, problems);
        if (context.Request.ContentLength > MaxListBytes)
        {
            await ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, [ListTooLong]);
            return;
        }

        // The list is a body held in memory like an events body: it takes one of the same slots (docs/operations.md, "Memory").
        if (!await slots.EnterAsync(context.RequestAborted))
        {
            await refusals.RefuseAsync(context, slots.Busy);
            return;
        }

        try
        {
            await ReconcileInSlotAsync(context, wanted, problems);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task ReconcileInSlotAsync(HttpContext context, InvoiceRevisionArguments.Wanted wanted, List<string> problems)
    {
        (IReadOnlyList<string> Ids, int Repeated) list = ([], 0);
        try
        {
            // Read up to one byte past the cap, so a body without a Content-Length cannot grow without bound either.
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxListBytes)
                {
                    await ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, [ListTooLong]);
                    return;
                }
            }

            buffer.Position = 0;
            using var reader = new StreamReader(buffer, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
            var csv = context.Request.ContentType is { } type && type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase);
            list = CustomerList.Read(reader, csv);
        }
        catch (Exception e) when (e is System.Text.DecoderFallbackException or CsvHelper.CsvFormatException)
        {
            problems.Add($"body: {e.Message}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Over serve's own --max-request-bytes, lower than the list's cap.
            await ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, [$"body: {e.Message}"]);
            return;
        }

        if (problems.Count > 0)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, problems);
            return;
        }

        await AnswerAsync(context, async cancellationToken =>
        {
            var reconciliation = await Reconciliation.RunAsync(explainer, wanted, list.Ids, list.Repeated, clock.GetCurrentInstant(), cancellationToken);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await ExplanationReport.WriteReconciliationJsonAsync(context.Response.Body, reconciliation, cancellationToken);
        });
    }

    /// <summary>
    /// <c>GET /report[?from=&amp;to=]</c> and <c>GET /report/{tenant}[?from=&amp;to=]</c>: the pages of <c>metering
    /// report</c>, read live; a tenant page links each window's evidence to <c>GET .../evidence?revision=N</c>.
    /// </summary>
    public async Task ReportAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problems = new List<string>();
        var range = ReportCommand.Range(context.Request.Query["from"] is { Count: > 0 } from ? from[0] : null, context.Request.Query["to"] is { Count: > 0 } to ? to[0] : null, problems);
        TenantId? tenant = null;
        if (context.Request.RouteValues["tenant"] is string tenantText && !TenantId.TryParse(tenantText, out tenant))
        {
            problems.Add($"'{tenantText}' is not a tenant id.");
        }

        if (problems.Count > 0)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, problems);
            return;
        }

        var report = await UsageReport.ReadAsync(invoices, deadLetters, tenant, null, range, clock.GetCurrentInstant(), context.RequestAborted);
        var query = context.Request.QueryString.Value ?? string.Empty;
        var page = new StringWriter();
        if (tenant is null)
        {
            HtmlReport.WriteIndex(page, report, id => $"/report/{id}{query}");
        }
        else if (report.Tenants.SingleOrDefault() is { } usage)
        {
            HtmlReport.WriteTenant(page, report, usage, i => $"/invoices/{i.BillingTenant}/{i.Contract.Id}/{i.Window.Id}/evidence?revision={i.Revision}", $"/report{query}");
        }
        else
        {
            await ProblemAsync(context, StatusCodes.Status404NotFound, [$"no published invoice of tenant '{tenant}' in that range."]);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(page.ToString(), context.RequestAborted);
    }

    /// <summary><c>GET /deadletters[?from=&amp;to=&amp;tenant=&amp;reason=]</c>: the same array as <c>deadletters list --json</c>.</summary>
    public async Task ListAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        var problems = new List<string>();
        var start = GlobalOptions.ParseInstant(query["from"] is { Count: > 0 } from ? from[0] : null, "from", problems);
        var end = GlobalOptions.ParseInstant(query["to"] is { Count: > 0 } to ? to[0] : null, "to", problems);
        var tenant = query["tenant"] is { Count: > 0 } t ? t[0] : null;
        var reason = query["reason"] is { Count: > 0 } r ? r[0] : null;
        if (tenant is not null && !TenantId.IsValid(tenant))
        {
            problems.Add($"tenant: '{tenant}' is not a tenant id.");
        }

        if (reason is not null && !RejectionReason.All.Contains(reason))
        {
            problems.Add($"reason: '{reason}' is not a reason code.");
        }

        var received = problems.Count == 0 ? DeadLetterQuery.Range(start, end, clock.GetCurrentInstant(), "from", "to", problems) : null;
        if (received is null)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, problems);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await using var writer = new StreamWriter(context.Response.Body, leaveOpen: true);
        await DeadLetterReport.WriteJsonAsync(writer, DeadLetterQuery.ListAsync(deadLetters, received.Value, tenant, reason, context.RequestAborted));
    }

    /// <summary><c>GET /deadletters/{batch}</c>: the same array as <c>deadletters show BATCH --json</c>; 404 when it has none.</summary>
    public async Task BatchAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.Request.RouteValues["batch"] as string ?? string.Empty;
        if (!DeadLetterQuery.IsBatchId(id))
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, [$"'{id}' is not a batch id (32 lowercase hex digits)."]);
            return;
        }

        var letters = await DeadLetterQuery.OfBatchAsync(deadLetters, new BatchId(id), context.RequestAborted);
        if (letters.Count == 0)
        {
            await ProblemAsync(context, StatusCodes.Status404NotFound, [$"no dead letters of batch {id}."]);
            return;
        }

        await JsonAsync(context, letters);
    }

    private static InvoiceRevisionArguments.Wanted Wanted(HttpContext context, List<string> problems)
    {
        var route = context.Request.RouteValues;
        int? revision = null;
        if (context.Request.Query["revision"] is { Count: > 0 } revisionText)
        {
            revision = int.TryParse(revisionText[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : 0;
        }

        return InvoiceRevisionArguments.Check(route["tenant"] as string ?? string.Empty, route["contract"] as string ?? string.Empty, route["window"] as string ?? string.Empty, revision, problems);
    }

    // What does not exist is 404; stored data that contradicts its invoice is the service's fault, 500.
    private static async Task AnswerAsync(HttpContext context, Func<CancellationToken, Task> answer)
    {
        try
        {
            await answer(context.RequestAborted);
        }
        catch (InvalidInputException e)
        {
            await ProblemAsync(context, StatusCodes.Status404NotFound, e.Problems);
        }
        catch (EvidenceMismatchException e)
        {
            await ProblemAsync(context, StatusCodes.Status500InternalServerError, [e.Message]);
        }
    }

    private static async Task JsonAsync(HttpContext context, IReadOnlyList<ShownDeadLetter> letters)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await using var writer = new StreamWriter(context.Response.Body, leaveOpen: true);
        await DeadLetterReport.WriteJsonAsync(writer, letters);
    }

    private static async Task ProblemAsync(HttpContext context, int status, IEnumerable<string> problems)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(context.Response.Body, Readable);
        w.WriteStartObject();
        w.WriteStartArray("problems");
        foreach (var problem in problems)
        {
            w.WriteStringValue(problem);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(context.RequestAborted);
    }
}

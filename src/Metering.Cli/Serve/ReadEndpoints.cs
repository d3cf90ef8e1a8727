using System.Text.Json;
using Metering.Cli.Commands;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Cli.Reading;
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
/// The read-only GETs of <c>metering serve</c> (docs/operations.md): an invoice's evidence, checked against its invoice
/// first, and the dead letters, as JSON. The same reads as <c>invoices evidence</c> and <c>deadletters list|show</c>.
/// </summary>
public sealed class ReadEndpoints(IInvoiceStore invoices, IDeadLetterStore deadLetters, IClock clock)
{
    private static readonly JsonWriterOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>GET /invoices/{tenant}/{contract}/{window}/evidence[?revision=N]</c>: the stored NDJSON, after the check.</summary>
    public async Task EvidenceAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.RequestAborted;
        var route = context.Request.RouteValues;
        var problems = new List<string>();
        int? revision = null;
        if (context.Request.Query["revision"] is { Count: > 0 } revisionText)
        {
            revision = int.TryParse(revisionText[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : 0;
        }

        var wanted = InvoiceRevisionArguments.Check(route["tenant"] as string ?? string.Empty, route["contract"] as string ?? string.Empty, route["window"] as string ?? string.Empty, revision, problems);
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

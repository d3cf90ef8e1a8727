using System.Text.Json;
using Metering.Storage.Accounts;
using Microsoft.AspNetCore.Http;

namespace Metering.Cli.Serve;

/// <summary>
/// <c>GET /healthz</c>: whether the storage this host writes to is reachable, one check per service it uses (the
/// tenants table, the invoices container, the close queue), each bounded by a timeout. 200 when all answer, 503
/// otherwise, with what each check found.
/// </summary>
public sealed class StorageHealth(StorageAccount account)
{
    // JSON answers, not HTML: quotes and non-ASCII subjects stay readable.
    private static readonly JsonWriterOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Handles one request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.RequestAborted;
        var checks = await Task.WhenAll(
            CheckAsync("table", async ct =>
            {
                var table = await account.TableAsync(account.Names.Tenants, ct);
                await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, select: ["RowKey"], cancellationToken: ct).AsPages(pageSizeHint: 1))
                {
                    break;
                }
            }, cancellationToken),
            CheckAsync("blob", async ct => await (await account.ContainerAsync(account.Names.Invoices, ct)).ExistsAsync(ct), cancellationToken),
            CheckAsync("queue", async ct => await (await account.QueueAsync(account.Names.CloseQueue, ct)).GetPropertiesAsync(ct), cancellationToken));

        var healthy = checks.All(c => c.Problem is null);
        context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await using var w = new Utf8JsonWriter(context.Response.Body, Readable);
        w.WriteStartObject();
        w.WriteString("status", healthy ? "healthy" : "unhealthy");
        w.WriteStartObject("checks");
        foreach (var (service, problem) in checks)
        {
            w.WriteString(service, problem ?? "ok");
        }

        w.WriteEndObject();
        w.WriteEndObject();
        await w.FlushAsync(cancellationToken);
    }

    private static async Task<(string Service, string? Problem)> CheckAsync(string service, Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await check(timeout.Token);
            return (service, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (service, $"no answer within {CheckTimeout.TotalSeconds} s");
        }
        catch (Exception e) when (Failures.CommandFailures.IsStorageFailure(e))
        {
            var message = e.Message;
            var end = message.IndexOfAny(['\r', '\n']);
            return (service, end < 0 ? message : message[..end]);
        }
    }
}

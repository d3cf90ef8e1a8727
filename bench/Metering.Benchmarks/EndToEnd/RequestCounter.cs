using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Metering.Benchmarks.EndToEnd;

/// <summary>
/// Counts every HTTP request a storage client sends (retries included), by the kind Azure bills and limits it as,
/// and the table entities they carry: written (the operations of an entity-group transaction, or one) and read (the
/// entities of a query page, or one of a point read). These counts do not depend on the machine or the emulator.
/// </summary>
public sealed class RequestCounter : HttpPipelinePolicy
{
    private static readonly byte[] OperationMarker = "application/http"u8.ToArray();
    private static readonly byte[] EntityMarker = "\"odata.etag\""u8.ToArray();
    private static readonly byte[] ClientError = "HTTP/1.1 4"u8.ToArray();
    private static readonly byte[] ServerError = "HTTP/1.1 5"u8.ToArray();

    private readonly long[] _requests = new long[Enum.GetValues<RequestKind>().Length];
    private readonly ConcurrentDictionary<string, long> _readByTable = new(StringComparer.Ordinal);
    private long _entitiesRead;
    private long _entitiesWritten;

    /// <summary>Requests to the Table service.</summary>
    public long Tables => Count(RequestKind.TableQueryPage) + Count(RequestKind.TablePointRead) + Count(RequestKind.TableTransaction) +
        Count(RequestKind.TableWrite) + Count(RequestKind.TableOther);

    /// <summary>The emulator's Table port, when counting against it.</summary>
    public int TablePort { get; init; } = -1;

    /// <summary>The emulator's Blob port, when counting against it.</summary>
    public int BlobPort { get; init; } = -1;

    /// <summary>Requests of one kind so far.</summary>
    public long Count(RequestKind kind) => Interlocked.Read(ref _requests[(int)kind]);

    /// <summary>Table entities read so far from the table named <paramref name="table"/> (prefix included).</summary>
    public long EntitiesReadFrom(string table) => _readByTable.GetValueOrDefault(table);

    /// <summary>Everything counted so far.</summary>
    public RequestCounts Snapshot() => new(
        Count(RequestKind.TableQueryPage),
        Count(RequestKind.TablePointRead),
        Count(RequestKind.TableTransaction),
        Count(RequestKind.TableWrite),
        Count(RequestKind.TableOther),
        Count(RequestKind.BlobPut),
        Count(RequestKind.BlobRead),
        Count(RequestKind.BlobList),
        Count(RequestKind.BlobOther),
        Count(RequestKind.Queue),
        Interlocked.Read(ref _entitiesRead),
        Interlocked.Read(ref _entitiesWritten));

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var kind = Before(message);
        ProcessNext(message, pipeline);
        After(message, kind);
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var kind = Before(message);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        After(message, kind);
    }

    /// <summary>Starts counting from zero.</summary>
    public void Reset()
    {
        for (var i = 0; i < _requests.Length; i++)
        {
            Interlocked.Exchange(ref _requests[i], 0);
        }

        Interlocked.Exchange(ref _entitiesRead, 0);
        Interlocked.Exchange(ref _entitiesWritten, 0);
        _readByTable.Clear();
    }

    private RequestKind Before(HttpMessage message)
    {
        var kind = KindOf(message.Request);
        Interlocked.Increment(ref _requests[(int)kind]);
        return kind;
    }

    private void After(HttpMessage message, RequestKind kind)
    {
        // A request is billed whatever its answer; entities count only when the service answered with them.
        if (!message.HasResponse || message.Response.IsError)
        {
            return;
        }

        if (kind == RequestKind.TableTransaction && message.Request.Content is { } content && !TransactionFailed(message.Response))
        {
            // Each operation of the changeset is one part of type application/http.
            using var body = new MemoryStream();
            content.WriteTo(body, message.CancellationToken);
            Interlocked.Add(ref _entitiesWritten, Occurrences(body.GetBuffer().AsSpan(0, (int)body.Length), OperationMarker));
        }
        else if (kind == RequestKind.TableWrite)
        {
            Interlocked.Increment(ref _entitiesWritten);
        }

        long read = 0;
        if (kind == RequestKind.TablePointRead && message.Response.Status == 200)
        {
            // A missing entity (404) is not an error to GetEntityIfExists, and reads nothing.
            read = 1;
        }
        else if (kind == RequestKind.TableQueryPage && message.Response.ContentStream is MemoryStream buffered)
        {
            // Each entity of a page (minimal metadata) carries its odata.etag once.
            read = Occurrences(buffered.GetBuffer().AsSpan(0, (int)buffered.Length), EntityMarker);
        }

        if (read > 0)
        {
            Interlocked.Add(ref _entitiesRead, read);
            _readByTable.AddOrUpdate(TableOf(message.Request), read, (_, sum) => sum + read);
        }
    }

    // A failed entity-group transaction still answers 202; its changeset response names the operation that failed.
    private static bool TransactionFailed(Azure.Response response) =>
        response.ContentStream is MemoryStream buffered &&
        (buffered.GetBuffer().AsSpan(0, (int)buffered.Length).IndexOf(ClientError) >= 0 ||
         buffered.GetBuffer().AsSpan(0, (int)buffered.Length).IndexOf(ServerError) >= 0);

    // The last segment of the path up to its parenthesis: "/account/prefixpresence()" is prefixpresence.
    private static string TableOf(Request request)
    {
        var path = Uri.UnescapeDataString(request.Uri.ToUri().AbsolutePath);
        var last = path[(path.LastIndexOf('/') + 1)..];
        var open = last.IndexOf('(', StringComparison.Ordinal);
        return open < 0 ? last : last[..open];
    }

    private RequestKind KindOf(Request request)
    {
        var uri = request.Uri.ToUri();
        var method = request.Method;
        var path = uri.AbsolutePath;
        var query = uri.Query;
        if (uri.Host.Contains(".table.", StringComparison.Ordinal) || uri.Port == TablePort)
        {
            var last = path[(path.LastIndexOf('/') + 1)..];
            if (last == "$batch")
            {
                return RequestKind.TableTransaction;
            }

            if (last.StartsWith("Tables", StringComparison.Ordinal))
            {
                return RequestKind.TableOther;
            }

            if (method == RequestMethod.Get)
            {
                return Uri.UnescapeDataString(last).Contains("(PartitionKey=", StringComparison.Ordinal) ? RequestKind.TablePointRead : RequestKind.TableQueryPage;
            }

            return RequestKind.TableWrite;
        }

        if (uri.Host.Contains(".blob.", StringComparison.Ordinal) || uri.Port == BlobPort)
        {
            if (method == RequestMethod.Delete)
            {
                return RequestKind.BlobOther;
            }

            // Azure bills creating a container as it bills a listing.
            if (query.Contains("comp=list", StringComparison.Ordinal) ||
                (query.Contains("restype=container", StringComparison.Ordinal) && method == RequestMethod.Put))
            {
                return RequestKind.BlobList;
            }

            return method == RequestMethod.Put && !query.Contains("restype=container", StringComparison.Ordinal) ? RequestKind.BlobPut : RequestKind.BlobRead;
        }

        return RequestKind.Queue;
    }

    private static long Occurrences(ReadOnlySpan<byte> text, ReadOnlySpan<byte> marker)
    {
        long count = 0;
        int at;
        while ((at = text.IndexOf(marker)) >= 0)
        {
            count++;
            text = text[(at + marker.Length)..];
        }

        return count;
    }
}

/// <summary>What a request is, as Azure Storage bills and limits it.</summary>
public enum RequestKind
{
    /// <summary>One page (up to 1,000 entities) of a table query.</summary>
    TableQueryPage,

    /// <summary>A read of one entity by its keys.</summary>
    TablePointRead,

    /// <summary>An entity-group transaction: up to 100 operations on one partition, one request.</summary>
    TableTransaction,

    /// <summary>A single-entity insert, upsert, merge or delete.</summary>
    TableWrite,

    /// <summary>Table creation and other table-level requests.</summary>
    TableOther,

    /// <summary>A blob or block written.</summary>
    BlobPut,

    /// <summary>A blob read, or its properties.</summary>
    BlobRead,

    /// <summary>A page of a blob listing, or a container created: Azure bills both as list and create-container operations.</summary>
    BlobList,

    /// <summary>A delete (free on Azure).</summary>
    BlobOther,

    /// <summary>Any request to the Queue service.</summary>
    Queue,
}

/// <summary>Requests by kind, and the table entities they carried.</summary>
public sealed record RequestCounts(
    long TableQueryPages,
    long TablePointReads,
    long TableTransactions,
    long TableWrites,
    long TableOther,
    long BlobPuts,
    long BlobReads,
    long BlobLists,
    long BlobOther,
    long Queue,
    long EntitiesRead,
    long EntitiesWritten)
{
    /// <summary>Every request to the Table service.</summary>
    public long TableRequests => TableQueryPages + TablePointReads + TableTransactions + TableWrites + TableOther;

    /// <summary>Every request to the Blob service.</summary>
    public long BlobRequests => BlobPuts + BlobReads + BlobLists + BlobOther;

    /// <summary>Every request.</summary>
    public long Requests => TableRequests + BlobRequests + Queue;

    /// <summary>The difference of two snapshots.</summary>
    public static RequestCounts operator -(RequestCounts after, RequestCounts before) => new(
        after.TableQueryPages - before.TableQueryPages,
        after.TablePointReads - before.TablePointReads,
        after.TableTransactions - before.TableTransactions,
        after.TableWrites - before.TableWrites,
        after.TableOther - before.TableOther,
        after.BlobPuts - before.BlobPuts,
        after.BlobReads - before.BlobReads,
        after.BlobLists - before.BlobLists,
        after.BlobOther - before.BlobOther,
        after.Queue - before.Queue,
        after.EntitiesRead - before.EntitiesRead,
        after.EntitiesWritten - before.EntitiesWritten);
}

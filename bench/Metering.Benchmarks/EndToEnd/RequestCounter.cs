using Azure.Core;
using Azure.Core.Pipeline;

namespace Metering.Benchmarks.EndToEnd;

/// <summary>Counts every HTTP request a storage client sends (retries included), by service.</summary>
public sealed class RequestCounter : HttpPipelinePolicy
{
    private long _tables;
    private long _blobs;
    private long _other;

    /// <summary>Requests to the Table service.</summary>
    public long Tables => Interlocked.Read(ref _tables);

    /// <summary>Requests to the Blob service.</summary>
    public long Blobs => Interlocked.Read(ref _blobs);

    /// <summary>Every request.</summary>
    public long Total => Tables + Blobs + Interlocked.Read(ref _other);

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
    }

    /// <inheritdoc />
    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        return ProcessNextAsync(message, pipeline);
    }

    /// <summary>Starts counting from zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _tables, 0);
        Interlocked.Exchange(ref _blobs, 0);
        Interlocked.Exchange(ref _other, 0);
    }

    private void Count(HttpMessage message)
    {
        // The emulator serves each service on its own port; in Azure the host name says which.
        var uri = message.Request.Uri.ToUri();
        if (uri.Host.Contains(".table.", StringComparison.Ordinal) || uri.Port == TablePort)
        {
            Interlocked.Increment(ref _tables);
        }
        else if (uri.Host.Contains(".blob.", StringComparison.Ordinal) || uri.Port == BlobPort)
        {
            Interlocked.Increment(ref _blobs);
        }
        else
        {
            Interlocked.Increment(ref _other);
        }
    }

    /// <summary>The emulator's Table port, when counting against it.</summary>
    public int TablePort { get; init; } = -1;

    /// <summary>The emulator's Blob port, when counting against it.</summary>
    public int BlobPort { get; init; } = -1;
}

using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Metering.Pipeline.Telemetry;

namespace Metering.Hosting.Telemetry;

/// <summary>
/// Counts and times every request the storage clients send (retries included: each attempt costs a request),
/// into <see cref="MeteringTelemetry.StorageRequests"/> and <see cref="MeteringTelemetry.StorageRequestDuration"/>,
/// tagged with the service and the response status. docs/performance.md compares storage operations per million events with a
/// naive design; this is the figure it compares, measured where the requests leave the process.
/// </summary>
public sealed class StorageRequestMeter : HttpPipelinePolicy
{
    private readonly KeyValuePair<string, object?> _service;

    /// <summary>Creates the policy for one service (<c>table</c>, <c>blob</c>, <c>queue</c>).</summary>
    public StorageRequestMeter(string service)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        _service = new KeyValuePair<string, object?>(MeteringTelemetry.ServiceTag, service);
    }

    /// <summary>Adds the policy to a storage client's options, per attempt; options of other clients are left alone.</summary>
    public static void AddTo(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var service = options switch
        {
            TableClientOptions => "table",
            BlobClientOptions => "blob",
            QueueClientOptions => "queue",
            _ => null,
        };
        if (service is not null)
        {
            options.AddPolicy(new StorageRequestMeter(service), HttpPipelinePosition.PerRetry);
        }
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        finally
        {
            Record(message, started);
        }
    }

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var started = Stopwatch.GetTimestamp();
        try
        {
            ProcessNext(message, pipeline);
        }
        finally
        {
            Record(message, started);
        }
    }

    private void Record(HttpMessage message, long started)
    {
        var status = new KeyValuePair<string, object?>(
            MeteringTelemetry.StatusTag, message.HasResponse ? message.Response.Status : "error");
        MeteringTelemetry.StorageRequests.Add(1, _service, status);
        MeteringTelemetry.StorageRequestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _service, status);
    }
}

using System.Text.Json;
using Metering.Cli.Output;
using Metering.Domain.Events;
using Metering.Pipeline.Ingest;

namespace Metering.Cli.Serve;

/// <summary>
/// The answer to <c>POST /events</c>: the totals, then every event of the request by position (the line of an
/// NDJSON body, the element of an array, 1 for a single event), accepted or rejected with every reason, or
/// <c>already-recorded</c> when its batch was recorded before (a resent request): counted then, not now; the reasons of
/// an event rejected then are given again.
/// </summary>
public sealed class IngestAnswer
{
    // JSON answers, not HTML: quotes and non-ASCII subjects stay readable.
    private static readonly JsonWriterOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly List<(long Position, RejectedEvent? Rejection, bool AlreadyRecorded)> _events = [];

    /// <summary>The totals so far.</summary>
    public IngestResult Total { get; private set; } = IngestResult.Empty;

    /// <summary>Events received so far.</summary>
    public long Received => Total.Received;

    /// <summary>Adds what ingesting one batch did.</summary>
    public void Add(IReadOnlyList<RawEvent> batch, IngestedBatch ingested)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(ingested);
        Total += ingested.Result;
        var rejected = ingested.Rejected.ToDictionary(r => r.Event.Position);
        var alreadyRecorded = ingested.Result.AlreadyRecorded > 0;
        foreach (var rawEvent in batch)
        {
            _events.Add((rawEvent.Position, rejected.GetValueOrDefault(rawEvent.Position), alreadyRecorded));
        }
    }

    /// <summary>Writes the answer as JSON.</summary>
    public async Task WriteAsync(Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        await using var w = new Utf8JsonWriter(body, Readable);
        w.WriteStartObject();
        IngestReport.WriteTotals(w, Total);
        w.WriteStartArray("events");
        foreach (var (position, rejection, alreadyRecorded) in _events)
        {
            w.WriteStartObject();
            w.WriteNumber("position", position);
            w.WriteString("status", alreadyRecorded ? "already-recorded" : rejection is null ? "accepted" : "rejected");
            if (rejection is not null)
            {
                w.WriteStartArray("reasons");
                foreach (var error in rejection.Errors)
                {
                    w.WriteStartObject();
                    w.WriteString("code", error.Code);
                    w.WriteString("attribute", error.Attribute);
                    w.WriteString("message", error.Message);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            if (w.BytesPending > 32 * 1024)
            {
                await w.FlushAsync(cancellationToken);
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(cancellationToken);
    }
}

using System.Globalization;
using System.Text.Json;
using NodaTime.Text;
using Spectre.Console;

namespace Metering.Cli.Output;

/// <summary>
/// The summary <c>metering replay</c> prints: the totals as <c>metering ingest</c> prints them, and how many batches
/// were still recorded or written again; with <c>--json</c> the same and one entry per batch.
/// </summary>
public static class ReplayReport
{
    /// <summary>Writes the run as a heading, a count line and the ingest table.</summary>
    public static void WriteTable(IAnsiConsole console, ReplayRun run)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(run);
        console.WriteLine($"Replay of the batches received from {Text(run.Received.Start)} to {Text(run.Received.End)}");
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{run.Batches.Count:N0} batch(es): {run.AlreadyRecorded:N0} still recorded (nothing written), {run.Restored:N0} written again."));
        IngestReport.WriteTable(console, run.Total);
    }

    /// <summary>Writes the run as one JSON object.</summary>
    public static async Task WriteJsonAsync(TextWriter writer, ReplayRun run)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(run);
        var total = run.Total;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("from", Text(run.Received.Start));
            w.WriteString("to", Text(run.Received.End));
            w.WriteNumber("batches", run.Batches.Count);
            w.WriteNumber("alreadyRecorded", run.AlreadyRecorded);
            w.WriteNumber("restored", run.Restored);
            IngestReport.WriteReceived(w, total);
            w.WriteNumber("entitiesWritten", total.EntitiesWritten);
            w.WriteNumber("lateEvents", total.LateEvents);
            w.WriteStartArray("replayed");
            foreach (var batch in run.Batches)
            {
                w.WriteStartObject();
                w.WriteString("batch", batch.Archived.Batch.Value);
                w.WriteString("receivedAt", Text(batch.Archived.ReceivedAt));
                w.WriteString("blobName", batch.Archived.Name);
                w.WriteNumber("received", batch.Result.Received);
                w.WriteNumber("accepted", batch.Result.Accepted);
                w.WriteNumber("deadLettered", batch.Result.DeadLetteredTotal);
                w.WriteNumber("entitiesWritten", batch.Result.EntitiesWritten);
                w.WriteBoolean("alreadyRecorded", batch.Result.SkippedAsRedelivered > 0);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        await writer.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static string Text(NodaTime.Instant instant) => InstantPattern.ExtendedIso.Format(instant);
}

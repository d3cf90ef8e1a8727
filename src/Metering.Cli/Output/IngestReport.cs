using System.Text.Json;
using Metering.Pipeline.Ingest;
using Spectre.Console;

namespace Metering.Cli.Output;

/// <summary>The summary <c>metering ingest</c> prints: a table for people, or JSON (<c>--json</c>) for programs.</summary>
public static class IngestReport
{
    /// <summary>Writes <paramref name="result"/> as a table.</summary>
    public static void WriteTable(IAnsiConsole console, IngestResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        var table = new Table().AddColumn("Ingest").AddColumn(new TableColumn("Count").RightAligned());
        table.AddRow("Received", Number(result.Received));
        table.AddRow("Accepted", Number(result.Accepted));
        table.AddRow("Dead-lettered", Number(result.DeadLetteredTotal));
        foreach (var (reason, count) in result.DeadLettered)
        {
            table.AddRow("  " + Markup.Escape(reason), Number(count));
        }

        table.AddRow("Already recorded (counted before)", Number(result.AlreadyRecorded));
        table.AddRow("Late (in closed windows)", Number(result.LateEvents));
        table.AddRow("Entities written", Number(result.EntitiesWritten));
        table.AddRow("Storage requests", Number(result.StorageRequests));
        table.AddRow("Batches", Number(result.Batches));
        table.AddRow("Batches already recorded", Number(result.SkippedAsRedelivered));
        Consoles.Write(console, table);
    }

    /// <summary>Writes <paramref name="result"/> as one JSON object.</summary>
    public static async Task WriteJsonAsync(TextWriter writer, IngestResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            WriteTotals(w, result);
            w.WriteEndObject();
        }

        await writer.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>
    /// Writes the totals of <paramref name="result"/> as properties of the current JSON object: the same names in
    /// <c>metering ingest --json</c> and in the answers of <c>metering serve</c>'s <c>POST /events</c>.
    /// </summary>
    public static void WriteTotals(Utf8JsonWriter w, IngestResult result)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(result);
        WriteReceived(w, result);
        w.WriteNumber("lateEvents", result.LateEvents);
        w.WriteNumber("entitiesWritten", result.EntitiesWritten);
        w.WriteNumber("storageRequests", result.StorageRequests);
        w.WriteNumber("batches", result.Batches);
        w.WriteNumber("batchesAlreadyRecorded", result.SkippedAsRedelivered);
    }

    /// <summary>
    /// Writes what became of the events of <paramref name="result"/> (received, accepted, dead-lettered and by reason,
    /// already recorded) as properties of the current JSON object: the same names in every report of ingested events
    /// (ingest, serve, replay). <c>received</c> = <c>accepted</c> + <c>deadLettered</c> + <c>eventsAlreadyRecorded</c>.
    /// </summary>
    public static void WriteReceived(Utf8JsonWriter w, IngestResult result)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(result);
        w.WriteNumber("received", result.Received);
        w.WriteNumber("accepted", result.Accepted);
        w.WriteNumber("deadLettered", result.DeadLetteredTotal);
        w.WriteStartObject("deadLetteredByReason");
        foreach (var (reason, count) in result.DeadLettered)
        {
            w.WriteNumber(reason, count);
        }

        w.WriteEndObject();
        w.WriteNumber("eventsAlreadyRecorded", result.AlreadyRecorded);
    }

    private static string Number(long value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}

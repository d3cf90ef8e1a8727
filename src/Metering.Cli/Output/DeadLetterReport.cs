using System.Globalization;
using System.Text;
using System.Text.Json;
using Metering.Domain.Events;
using Metering.Domain.Formats;
using Metering.Domain.Ports;
using NodaTime;
using NodaTime.Text;
using Spectre.Console;

namespace Metering.Cli.Output;

/// <summary>One dead letter as <c>metering deadletters</c> shows it: where and when it was kept, and what its body says, as far as it can be read.</summary>
/// <param name="Batch">The stored batch it belongs to.</param>
/// <param name="Rejected">The event and its reasons.</param>
public sealed record ShownDeadLetter(ArchivedBatch Batch, RejectedEvent Rejected)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body's <c>tenantid</c>, <c>id</c>, <c>type</c> and <c>subject</c> when it is a JSON object holding them as strings; nulls otherwise.</summary>
    public (string? Tenant, string? Id, string? Type, string? Subject) Attributes { get; } = Read(Rejected.Event.Body);

    /// <summary>The body as UTF-8 text, or null when its bytes are not UTF-8.</summary>
    public string? Text
    {
        get
        {
            try
            {
                return StrictUtf8.GetString(Rejected.Event.Body.Span);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }
    }

    private static (string?, string?, string?, string?) Read(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object ? (Text(root, "tenantid"), Text(root, "id"), Text(root, "type"), Text(root, "subject")) : (null, null, null, null);
        }
        catch (JsonException)
        {
            return (null, null, null, null);
        }

        static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}

/// <summary>What <c>metering deadletters list</c> and <c>show</c> print: tables for people, or JSON (<c>--json</c>).</summary>
public static class DeadLetterReport
{
    /// <summary>One row per dead letter, read as the letters stream by (a row keeps no body).</summary>
    public static async Task WriteTableAsync(IAnsiConsole console, IAsyncEnumerable<ShownDeadLetter> letters, Interval received)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(letters);
        var table = new Table()
            .AddColumns("Received (UTC)", "Batch")
            .AddColumn(new TableColumn("Position").RightAligned())
            .AddColumns("Reason", "Tenant", "Type", "Id")
            .AddColumn(new TableColumn("Bytes").RightAligned());
        var count = 0;
        await foreach (var letter in letters)
        {
            var (tenant, id, type, _) = letter.Attributes;
            var reasons = letter.Rejected.Errors.Select(e => e.Code).Distinct(StringComparer.Ordinal);
            table.AddRow(
                Markup.Escape(InstantPattern.ExtendedIso.Format(letter.Batch.ReceivedAt)),
                Markup.Escape(letter.Batch.Batch.Value),
                letter.Rejected.Event.Position.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(", ", reasons)),
                Markup.Escape(Printable(tenant ?? "-")),
                Markup.Escape(Printable(type ?? "-")),
                Markup.Escape(Printable(id ?? "-")),
                Bytes(letter.Rejected.Event));
            count++;
        }

        Consoles.Write(console, table);
        console.WriteLine(FormattableString.Invariant(
            $"{count} dead letter(s) received from {InstantPattern.General.Format(received.Start)} to {InstantPattern.General.Format(received.End)}; 'metering deadletters show BATCH' prints one batch's bodies and reasons."));
    }

    /// <summary>Every dead letter of one batch with every reason and the body as received.</summary>
    public static void WriteBatch(TextWriter output, IReadOnlyList<ShownDeadLetter> letters)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(letters);
        foreach (var group in letters.GroupBy(l => l.Batch))
        {
            output.WriteLine(FormattableString.Invariant($"Batch {group.Key.Batch.Value}, received {InstantPattern.ExtendedIso.Format(group.Key.ReceivedAt)} (blob {group.Key.Name}):"));
            foreach (var letter in group)
            {
                var raw = letter.Rejected.Event;
                var origin = new List<string> { FormattableString.Invariant($"position {raw.Position}") };
                if (raw.Partition is { } partition)
                {
                    origin.Add($"partition {partition}");
                }

                if (raw.SequenceNumber is { } sequence)
                {
                    origin.Add(FormattableString.Invariant($"sequence number {sequence}"));
                }

                if (raw.Sender is { } sender)
                {
                    origin.Add($"sender {sender}");
                }

                output.WriteLine(Printable($"  {string.Join(", ", origin)}"));
                foreach (var error in letter.Rejected.Errors)
                {
                    output.WriteLine(Printable($"    {error.Code}{(error.Attribute is { } attribute ? $" ({attribute})" : string.Empty)}: {error.Message}"));
                }

                output.WriteLine(letter.Text is { } text
                    ? $"    body ({Bytes(raw)} bytes): {Printable(text)}"
                    : $"    body ({Bytes(raw)} bytes, not UTF-8, base64): {Convert.ToBase64String(raw.Body.Span)}");
            }
        }
    }

    /// <summary>The dead letters as a JSON array.</summary>
    public static Task WriteJsonAsync(TextWriter writer, IReadOnlyList<ShownDeadLetter> letters) => WriteJsonAsync(writer, Each(letters));

    /// <summary>The dead letters as a JSON array, written element by element as they stream by.</summary>
    public static async Task WriteJsonAsync(TextWriter writer, IAsyncEnumerable<ShownDeadLetter> letters)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(letters);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var first = true;
        await writer.WriteAsync("[");
        await foreach (var letter in letters)
        {
            buffer.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                WriteLetter(w, letter);
            }

            await writer.WriteAsync(first ? "\n" : ",\n");
            await writer.WriteAsync(Encoding.UTF8.GetString(buffer.WrittenSpan));
            await writer.FlushAsync();
            first = false;
        }

        await writer.WriteLineAsync(first ? "]" : "\n]");
        await writer.FlushAsync();
    }

    private static void WriteLetter(Utf8JsonWriter w, ShownDeadLetter letter)
    {
        var raw = letter.Rejected.Event;
        var (tenant, id, type, _) = letter.Attributes;
        w.WriteStartObject();
        w.WriteString("receivedAt", InstantPattern.ExtendedIso.Format(letter.Batch.ReceivedAt));
        w.WriteString("batch", letter.Batch.Batch.Value);
        w.WriteString("blob", letter.Batch.Name);
        w.WriteNumber("position", raw.Position);
        w.WriteNullableString("partition", raw.Partition);
        w.WriteNullableNumber("sequenceNumber", raw.SequenceNumber);
        w.WriteNullableString("sender", raw.Sender);
        w.WriteNullableString("tenant", tenant);
        w.WriteNullableString("id", id);
        w.WriteNullableString("type", type);
        w.WriteStartArray("reasons");
        foreach (var error in letter.Rejected.Errors)
        {
            w.WriteStartObject();
            w.WriteString("code", error.Code);
            w.WriteNullableString("attribute", error.Attribute);
            w.WriteString("message", error.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("bytes", raw.Body.Length);
        w.WriteNullableNumber("originalLength", raw.OriginalLength);
        w.WriteBase64String("body", raw.Body.Span);
        w.WriteNullableString("text", letter.Text);
        w.WriteEndObject();
    }

    private static async IAsyncEnumerable<ShownDeadLetter> Each(IReadOnlyList<ShownDeadLetter> letters)
    {
        foreach (var letter in letters)
        {
            yield return letter;
        }

        await Task.CompletedTask;
    }

    // A body, and the messages that quote it, are whatever a sender sent: control characters (a terminal's escape sequences among them) are shown as
    // \uXXXX, never written to the terminal.
    internal static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var printable = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = char.IsControl(c) ? printable.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : printable.Append(c);
        }

        return printable.ToString();
    }

    private static string Bytes(RawEvent raw) =>
        raw.OriginalLength is { } length
            ? FormattableString.Invariant($"{raw.Body.Length:N0} of {length:N0}")
            : raw.Body.Length.ToString("N0", CultureInfo.InvariantCulture);
}

using System.Text;
using System.Text.Json;
using Metering.Domain.Events;

namespace Metering.Pipeline.Ingest;

/// <summary>
/// What the Event Hubs trigger hands the ingest function, turned into raw events. Kept here, tested, so that the
/// Functions app holds no logic of its own.
/// </summary>
/// <remarks>
/// A batched trigger (<c>cardinality: many</c>) delivers the bodies as the bound parameter and the rest as binding
/// data, one array per field, named by the host extension's binding contract: <c>SequenceNumberArray</c> (longs),
/// <c>PropertiesArray</c> and <c>SystemPropertiesArray</c> (one JSON object per event: the application properties, and
/// the service's properties with the AMQP properties section such as <c>content-type</c>), and <c>PartitionContext</c>
/// (a JSON object with <c>PartitionId</c>). Only these are read. The arrays belong to the bodies by index; an array
/// whose length differs from the bodies' cannot be matched and is left out, with a problem for the log, rather than
/// stopping the batch: the trigger checkpoints past a batch whose function throws.
/// </remarks>
public static class EventHubMetadata
{
    /// <summary>
    /// The partition id in the trigger's <c>PartitionContext</c> binding data (a JSON object with a
    /// <c>PartitionId</c> property), or null when it is absent or unreadable: the partition is provenance for the
    /// archive and dead letters, never needed to count.
    /// </summary>
    public static string? PartitionIdOf(string? partitionContextJson)
    {
        if (string.IsNullOrWhiteSpace(partitionContextJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(partitionContextJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("PartitionId", out var id)
                && id.ValueKind == JsonValueKind.String
                    ? id.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The raw event of the message at 0-based <paramref name="index"/> of a batch (its position is 1-based), its body
    /// kept up to <see cref="EventBatchReader.DefaultMaxEventBytes"/> as in <see cref="ToRawEvents"/>.
    /// </summary>
    public static RawEvent ToRawEvent(ReadOnlyMemory<byte> body, int index, string? partition, long sequenceNumber) =>
        new RawEvent(body, index + 1L, partition, sequenceNumber).CutTo(EventBatchReader.DefaultMaxEventBytes);

    /// <summary>
    /// The raw events of one batch, in delivery order. An event whose AMQP application properties carry CloudEvents
    /// attributes (<c>cloudEvents:</c> or <c>cloudEvents_</c>, or the Kafka binding's <c>ce_</c> headers arriving through
    /// Event Hubs' Kafka endpoint) is in binary content mode and becomes its structured body
    /// (<see cref="BinaryContentMode"/>), unless its content type announces structured mode; every other body is taken
    /// as it is. Every event carries <paramref name="sender"/>, the sender whose event hub delivered the batch. Each
    /// body (the structured one, for a binary-mode event) is kept up to <see cref="EventBatchReader.DefaultMaxEventBytes"/>
    /// as the reader keeps a line (<see cref="RawEvent.CutTo"/>): a Dedicated cluster delivers messages of up to 20 MB,
    /// and a binary-mode message's structured body (its data in base64) can pass the cap on any tier.
    /// </summary>
    public static EventHubBatch ToRawEvents(
        IReadOnlyList<byte[]> bodies,
        IReadOnlyList<long>? sequenceNumbers,
        string? propertiesArrayJson,
        string? systemPropertiesArrayJson,
        string? partitionContextJson,
        string? sender = null)
    {
        ArgumentNullException.ThrowIfNull(bodies);
        var problems = new List<string>();
        var partition = PartitionIdOf(partitionContextJson);
        if (sequenceNumbers is not null && sequenceNumbers.Count != bodies.Count)
        {
            problems.Add($"SequenceNumberArray has {sequenceNumbers.Count} entries for {bodies.Count} events; sequence numbers left out.");
            sequenceNumbers = null;
        }

        using var properties = ReadArray(propertiesArrayJson, "PropertiesArray", bodies.Count, problems);
        using var systemProperties = ReadArray(systemPropertiesArrayJson, "SystemPropertiesArray", bodies.Count, problems);
        var events = new RawEvent[bodies.Count];
        var binary = 0;
        for (var i = 0; i < bodies.Count; i++)
        {
            var body = (ReadOnlyMemory<byte>)bodies[i];
            var structured = StructuredBodyOf(body.Span, ElementAt(properties, i), ElementAt(systemProperties, i));
            if (structured is not null)
            {
                binary++;
                body = structured;
            }

            events[i] = new RawEvent(body, i + 1L, partition, sequenceNumbers?[i]) { Sender = sender }.CutTo(EventBatchReader.DefaultMaxEventBytes);
        }

        return new EventHubBatch(events, partition, binary, problems);
    }

    private static byte[]? StructuredBodyOf(ReadOnlySpan<byte> body, JsonElement? properties, JsonElement? systemProperties)
    {
        if (properties is not { ValueKind: JsonValueKind.Object } applicationProperties)
        {
            return null;
        }

        // Most events carry no attribute property (structured mode): the list is made for the first attribute only.
        List<KeyValuePair<string, JsonElement>>? attributes = null;
        var kafka = false;
        foreach (var property in applicationProperties.EnumerateObject())
        {
            if ((BinaryContentMode.AttributeName(property.Name, BinaryContentMode.AmqpPropertyPrefix)
                 ?? BinaryContentMode.AttributeName(property.Name, BinaryContentMode.AmqpPropertyAlternatePrefix)) is { } amqpName)
            {
                (attributes ??= []).Add(new(amqpName, property.Value));
            }
            else if (BinaryContentMode.AttributeName(property.Name, BinaryContentMode.KafkaHeaderPrefix) is { } kafkaName)
            {
                kafka = true;
                (attributes ??= []).Add(new(kafkaName, KafkaHeaderValue(property.Value)));
            }
        }

        if (attributes is null)
        {
            return null;
        }

        // AMQP carries the content type in the message's properties section (a system property here); Kafka in a header.
        var contentType = TextOf(systemProperties, "content-type")
            ?? (kafka && applicationProperties.TryGetProperty("content-type", out var header) ? TextOf(KafkaHeaderValue(header)) : null);
        if (BinaryContentMode.IsStructured(contentType))
        {
            return null;
        }

        return BinaryContentMode.ToStructured(attributes, contentType, body);
    }

    // Kafka header values are bytes; Event Hubs hands them to AMQP consumers as binary properties, which reach the
    // worker base64-encoded in the PropertiesArray JSON. A value that is not base64 of UTF-8 text is kept as sent.
    private static JsonElement KafkaHeaderValue(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String || !value.TryGetBytesFromBase64(out var bytes))
        {
            return value;
        }

        try
        {
            return BinaryContentMode.Text(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            return value;
        }
    }

    private static string? TextOf(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) ? TextOf(value) : null;

    private static string? TextOf(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement? ElementAt(JsonDocument? array, int index) => array?.RootElement[index];

    private static JsonDocument? ReadArray(string? json, string name, int count, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"{name} is not a JSON array; left out.");
            }
            else if (document.RootElement.GetArrayLength() != count)
            {
                problems.Add($"{name} has {document.RootElement.GetArrayLength()} entries for {count} events; left out.");
            }
            else
            {
                return document;
            }
        }
        catch (JsonException)
        {
            problems.Add($"{name} is not well-formed JSON; left out.");
        }

        document?.Dispose();
        return null;
    }
}

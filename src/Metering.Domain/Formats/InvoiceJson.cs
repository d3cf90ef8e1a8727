using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Metering.Domain.Commercial;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Rules;
using Metering.Domain.Tenants;
using Metering.Domain.Windows;
using NodaTime;
using NodaTime.Text;

namespace Metering.Domain.Formats;

/// <summary>
/// The canonical JSON of an invoice (<c>docs/invoices.md</c>, <c>schemas/invoice.schema.json</c>):
/// properties in a fixed order, every property always present (null when empty), UTF-8 without a byte-order
/// mark, two-space indentation with <c>\n</c>, invariant culture, no floating point — counts are JSON integers,
/// every decimal is a string, amounts carry exactly the currency's minor-unit digits — and
/// <c>generatedAt</c> last. Equal invoices give byte-identical output, and two computations of the same inputs
/// differ only in the <c>generatedAt</c> line. <see cref="Read"/> parses the output back to an equal invoice.
/// </summary>
public static class InvoiceJson
{
    /// <summary>The invoice as canonical UTF-8 JSON, ending with a line feed.</summary>
    public static byte[] Write(Invoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CanonicalJson.Indented))
        {
            WriteInvoice(writer, invoice, content: false);
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads an invoice written by <see cref="Write"/>; throws <see cref="FormatException"/> naming the field when it is not one.</summary>
    public static Invoice Read(ReadOnlyMemory<byte> utf8Json) => DocumentJson.Read(utf8Json, "Not an invoice", ReadInvoice);

    /// <summary>The compact canonical JSON of the billing content only: what <see cref="InvoiceFingerprint"/> hashes.</summary>
    internal static byte[] WriteContent(Invoice invoice)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CanonicalJson.Compact))
        {
            WriteInvoice(writer, invoice, content: true);
        }

        return buffer.ToArray();
    }

    private static void WriteInvoice(Utf8JsonWriter writer, Invoice invoice, bool content)
    {
        writer.WriteStartObject();
        writer.WriteString("schemaVersion", invoice.SchemaVersion);
        if (!content)
        {
            writer.WriteString("invoiceId", invoice.InvoiceId);
            writer.WriteNumber("revision", invoice.Revision);
            DocumentJson.WriteSupersedes(writer, invoice.Supersedes, "invoiceId");
            DocumentJson.WriteDelta(writer, invoice.Delta);
        }

        DocumentJson.WriteParties(writer, invoice.BillingTenant, invoice.Tenants, invoice.Contract);
        DocumentJson.WriteTemplate(writer, invoice.Template, policies: true);
        writer.WritePropertyName("window");
        DocumentJson.WriteWindow(writer, invoice.Window, invoice.Figures.SubWindows);
        WriteFigures(writer, invoice.Figures);
        DocumentJson.WriteCharges(writer, invoice.Charges);
        DocumentJson.WriteAnomalies(writer, invoice.Anomalies);
        writer.WriteStrings("notes", invoice.Notes);
        if (!content)
        {
            DocumentJson.WriteLateEvents(writer, invoice.LateEvents);
        }

        DocumentJson.WriteEvidence(writer, invoice.Evidence, content);
        if (!content)
        {
            writer.WriteString("generatedAt", CanonicalJson.Instant(invoice.GeneratedAt));
        }

        writer.WriteEndObject();
    }

    private static void WriteFigures(Utf8JsonWriter writer, MeasuredFigures figures)
    {
        writer.WriteStartObject("measurement");
        writer.WriteNumber("quantity", figures.Quantity);
        DocumentJson.WriteNamedFigures(writer, figures.Named);
        writer.WriteStartArray("subWindows");
        foreach (var sub in figures.SubWindows)
        {
            writer.WriteStartObject();
            writer.WriteString("id", sub.Id);
            writer.WriteString("label", sub.Label);
            writer.WriteNumber("count", sub.Count);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("dimensions");
        foreach (var (value, count) in figures.Dimensions.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            writer.WriteNumber(value, count);
        }

        writer.WriteEndObject();
        if (figures.TrueForward is { } tf)
        {
            writer.WriteStartObject("trueForward");
            writer.WriteNumber("minimumBefore", tf.MinimumBefore);
            writer.WriteNumber("averageActiveUsers", tf.AverageActiveUsers);
            writer.WriteStartArray("monthlyCounts");
            foreach (var count in tf.MonthlyCounts)
            {
                writer.WriteNumberValue(count);
            }

            writer.WriteEndArray();
            writer.WriteNumber("deployedKnowledgeWorkers", tf.DeployedKnowledgeWorkers);
            writer.WriteNumber("deployedMeter", tf.DeployedMeter);
            writer.WriteNumber("minimumAfter", tf.MinimumAfter);
            writer.WriteNumber("increase", tf.Increase);
            writer.WriteNumber("monthsRemaining", tf.MonthsRemaining);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("trueForward");
        }

        writer.WriteEndObject();
    }

    private static Invoice ReadInvoice(JsonElement root)
    {
        var schemaVersion = Text(Get(root, "$", "schemaVersion"), "schemaVersion");
        if (schemaVersion != Invoice.CurrentSchemaVersion)
        {
            throw Bad("schemaVersion", $"version '{schemaVersion}' is not the version this reader knows ({Invoice.CurrentSchemaVersion})");
        }

        return new Invoice(
            schemaVersion,
            Text(Get(root, "$", "invoiceId"), "invoiceId"),
            (int)Whole(Get(root, "$", "revision"), "revision"),
            DocumentJson.ReadSupersedes(Get(root, "$", "supersedes"), "invoiceId"),
            DocumentJson.ReadDelta(Get(root, "$", "delta")),
            DocumentJson.ReadBillingTenant(root),
            DocumentJson.ReadTenants(root),
            DocumentJson.ReadContract(root),
            DocumentJson.ReadTemplate(root, policies: true),
            DocumentJson.ReadWindow(Get(root, "$", "window"), "window"),
            ReadFigures(Get(root, "$", "measurement")),
            DocumentJson.ReadCharges(Get(root, "$", "commercial")),
            DocumentJson.ReadAnomalies(root),
            DocumentJson.ReadNotes(root),
            DocumentJson.ReadLateEvents(root),
            DocumentJson.ReadEvidence(root),
            DocumentJson.ReadGeneratedAt(root));
    }

    private static MeasuredFigures ReadFigures(JsonElement element)
    {
        const string path = "measurement";
        var dimensions = Get(element, path, "dimensions");
        if (dimensions.ValueKind != JsonValueKind.Object)
        {
            throw Bad(path + ".dimensions", "must be an object");
        }

        var trueForward = Get(element, path, "trueForward");
        return new MeasuredFigures(
            Whole(Get(element, path, "quantity"), path + ".quantity"),
            DocumentJson.ReadNamedFigures(Get(element, path, "figures"), path + ".figures"),
            [.. Items(Get(element, path, "subWindows"), path + ".subWindows").Select(s => new SubWindowFigure(
                Text(Get(s.Item, s.Path, "id"), s.Path + ".id"),
                Text(Get(s.Item, s.Path, "label"), s.Path + ".label"),
                Whole(Get(s.Item, s.Path, "count"), s.Path + ".count")))],
            dimensions.EnumerateObject().ToImmutableSortedDictionary(p => p.Name, p => Whole(p.Value, path + ".dimensions." + p.Name), StringComparer.Ordinal),
            trueForward.ValueKind == JsonValueKind.Null ? null : ReadTrueForward(trueForward, path + ".trueForward"));
    }

    private static TrueForwardResult ReadTrueForward(JsonElement element, string path) =>
        new(
            Whole(Get(element, path, "minimumBefore"), path + ".minimumBefore"),
            Whole(Get(element, path, "averageActiveUsers"), path + ".averageActiveUsers"),
            [.. Items(Get(element, path, "monthlyCounts"), path + ".monthlyCounts").Select(c => Whole(c.Item, c.Path))],
            Whole(Get(element, path, "deployedKnowledgeWorkers"), path + ".deployedKnowledgeWorkers"),
            Whole(Get(element, path, "deployedMeter"), path + ".deployedMeter"),
            Whole(Get(element, path, "minimumAfter"), path + ".minimumAfter"),
            Whole(Get(element, path, "increase"), path + ".increase"),
            (int)Whole(Get(element, path, "monthsRemaining"), path + ".monthsRemaining"));

    private static JsonElement Get(JsonElement element, string path, string name) => DocumentJson.Get(element, path, name);

    private static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement element, string path) => DocumentJson.Items(element, path);

    private static string Text(JsonElement element, string path) => DocumentJson.Text(element, path);

    private static string? OptionalText(JsonElement element, string path) => DocumentJson.OptionalText(element, path);

    private static long Whole(JsonElement element, string path) => DocumentJson.Whole(element, path);

    private static decimal ParseDecimal(string text, string path) => DocumentJson.ParseDecimal(text, path);

    private static FormatException Bad(string path, string message) => DocumentJson.Bad(path, message);
}

using System.Security.Cryptography;
using System.Text.Json;
using Metering.Domain.Statements;

namespace Metering.Domain.Formats;

/// <summary>
/// The canonical JSON of a statement (<c>docs/invoices.md</c> "Statements", <c>schemas/statement.schema.json</c>), written
/// with the invoice's conventions and, for the parts they share (parties, contract, template, windows, figures, deltas,
/// late events, evidence, commercial lines), with the invoice's own writer: <c>kind</c> is <c>statement</c>, the period
/// sits beside the window, <c>commercial</c> is null unless the month is billed progressively, and <c>generatedAt</c>
/// comes last. <see cref="Read"/> reads it back equal.
/// </summary>
public static class StatementJson
{
    /// <summary>The statement as canonical UTF-8 JSON, ending with a line feed.</summary>
    public static byte[] Write(Statement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CanonicalJson.Indented))
        {
            WriteStatement(writer, statement, content: false);
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>
    /// The fingerprint of a statement's content: the SHA-256 of its compact JSON without what only says which revision
    /// it is or when it was made (id, revision, supersedes, delta, late events, evidence blob name, generatedAt), as
    /// <see cref="InvoiceFingerprint"/> is for an invoice. Equal fingerprints: a re-close writes no new revision.
    /// </summary>
    public static string Fingerprint(Statement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CanonicalJson.Compact))
        {
            WriteStatement(writer, statement, content: true);
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    /// <summary>Reads a statement written by <see cref="Write"/>; throws <see cref="FormatException"/> naming the field when it is not one.</summary>
    public static Statement Read(ReadOnlyMemory<byte> utf8Json) => DocumentJson.Read(utf8Json, "Not a statement", ReadStatement);

    private static void WriteStatement(Utf8JsonWriter writer, Statement statement, bool content)
    {
        writer.WriteStartObject();
        writer.WriteString("schemaVersion", statement.SchemaVersion);
        writer.WriteString("kind", "statement");
        if (!content)
        {
            writer.WriteString("statementId", statement.StatementId);
            writer.WriteNumber("revision", statement.Revision);
            DocumentJson.WriteSupersedes(writer, statement.Supersedes, "statementId");
            DocumentJson.WriteDelta(writer, statement.Delta);
        }

        DocumentJson.WriteParties(writer, statement.BillingTenant, statement.Tenants, statement.Contract);
        DocumentJson.WriteTemplate(writer, statement.Template, policies: false);
        writer.WritePropertyName("window");
        DocumentJson.WriteWindow(writer, statement.Window, []);
        writer.WriteStartObject("period");
        writer.WriteNumber("index", statement.Period.Index);
        writer.WriteString("kind", StatementKinds.Name(statement.Period.Kind));
        writer.WriteString("label", statement.Period.Label);
        writer.WritePropertyName("window");
        DocumentJson.WriteWindow(writer, statement.Period.Window, []);
        writer.WriteEndObject();
        writer.WriteStartObject("measurement");
        writer.WriteNumber("count", statement.Count);
        DocumentJson.WriteNamedFigures(writer, statement.Figures);
        writer.WriteEndObject();
        DocumentJson.WriteCharges(writer, statement.Charges);
        writer.WriteStrings("notes", statement.Notes);
        if (!content)
        {
            DocumentJson.WriteLateEvents(writer, statement.LateEvents);
        }

        DocumentJson.WriteEvidence(writer, statement.Evidence, content);
        if (!content)
        {
            writer.WriteString("generatedAt", CanonicalJson.Instant(statement.GeneratedAt));
        }

        writer.WriteEndObject();
    }

    private static Statement ReadStatement(JsonElement root)
    {
        var schemaVersion = DocumentJson.Text(DocumentJson.Get(root, "$", "schemaVersion"), "schemaVersion");
        if (schemaVersion != Statement.CurrentSchemaVersion)
        {
            throw DocumentJson.Bad("schemaVersion", $"version '{schemaVersion}' is not the version this reader knows ({Statement.CurrentSchemaVersion})");
        }

        if (DocumentJson.Text(DocumentJson.Get(root, "$", "kind"), "kind") != "statement")
        {
            throw DocumentJson.Bad("kind", "must be 'statement'");
        }

        var period = DocumentJson.Get(root, "$", "period");
        var kindName = DocumentJson.Text(DocumentJson.Get(period, "period", "kind"), "period.kind");
        var measurement = DocumentJson.Get(root, "$", "measurement");
        return new Statement(
            schemaVersion,
            DocumentJson.Text(DocumentJson.Get(root, "$", "statementId"), "statementId"),
            (int)DocumentJson.Whole(DocumentJson.Get(root, "$", "revision"), "revision"),
            DocumentJson.ReadSupersedes(DocumentJson.Get(root, "$", "supersedes"), "statementId"),
            DocumentJson.ReadDelta(DocumentJson.Get(root, "$", "delta")),
            DocumentJson.ReadBillingTenant(root),
            DocumentJson.ReadTenants(root),
            DocumentJson.ReadContract(root),
            DocumentJson.ReadTemplate(root, policies: false),
            DocumentJson.ReadWindow(DocumentJson.Get(root, "$", "window"), "window"),
            new StatementPeriod(
                (int)DocumentJson.Whole(DocumentJson.Get(period, "period", "index"), "period.index"),
                DocumentJson.ReadWindow(DocumentJson.Get(period, "period", "window"), "period.window"),
                StatementKinds.TryParse(kindName, out var kind) ? kind : throw DocumentJson.Bad("period.kind", $"'{kindName}' is not a statement kind"),
                DocumentJson.Text(DocumentJson.Get(period, "period", "label"), "period.label")),
            DocumentJson.Whole(DocumentJson.Get(measurement, "measurement", "count"), "measurement.count"),
            DocumentJson.ReadNamedFigures(DocumentJson.Get(measurement, "measurement", "figures"), "measurement.figures"),
            DocumentJson.ReadCharges(DocumentJson.Get(root, "$", "commercial")),
            DocumentJson.ReadNotes(root),
            DocumentJson.ReadLateEvents(root),
            DocumentJson.ReadEvidence(root),
            DocumentJson.ReadGeneratedAt(root));
    }
}

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
    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
        AllowDuplicateProperties = false,
    };

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
    public static Invoice Read(ReadOnlyMemory<byte> utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json, ReadOptions);
            return ReadInvoice(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not an invoice: {e.Message}", e);
        }
    }

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
            WriteSupersedes(writer, invoice.Supersedes);
            WriteDelta(writer, invoice.Delta);
        }

        writer.WriteString("billingTenant", invoice.BillingTenant.Value);
        writer.WriteStartArray("tenants");
        foreach (var tenant in invoice.Tenants)
        {
            writer.WriteStringValue(tenant.Value);
        }

        writer.WriteEndArray();

        writer.WriteStartObject("contract");
        writer.WriteString("id", invoice.Contract.Id.Value);
        writer.WriteNullableString("name", invoice.Contract.Name);
        writer.WriteNumber("version", invoice.Contract.Version);
        writer.WriteString("effective", CanonicalJson.Date(invoice.Contract.Effective));
        writer.WriteEndObject();

        writer.WriteStartObject("template");
        writer.WriteString("name", invoice.Template.Name);
        writer.WritePropertyName("parameters");
        ContractWriter.WriteParameters(writer, invoice.Template.Name, invoice.Template.Parameters);
        writer.WritePropertyName("rule");
        if (invoice.Template.Rule is { } rule)
        {
            ContractWriter.WriteRule(writer, rule);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteStrings("policies", invoice.Template.Policies);
        writer.WriteEndObject();

        writer.WritePropertyName("window");
        WriteWindow(writer, invoice.Window, invoice.Figures.SubWindows, count: null);
        WriteFigures(writer, invoice.Figures);
        WriteCharges(writer, invoice.Charges);

        writer.WriteStartArray("anomalies");
        foreach (var anomaly in invoice.Anomalies)
        {
            writer.WriteStartObject();
            writer.WriteString("code", anomaly.Code);
            writer.WriteString("message", anomaly.Message);
            writer.WriteStrings("subjects", anomaly.Subjects);
            writer.WriteNullableString("at", anomaly.At);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStrings("notes", invoice.Notes);

        if (!content)
        {
            writer.WriteStartObject("lateEvents");
            writer.WriteNumber("total", invoice.LateEventTotal);
            writer.WriteStartObject("byDay");
            foreach (var (day, count) in invoice.LateEvents)
            {
                writer.WriteNumber(CanonicalJson.Date(day), count);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteStartObject("evidence");
        if (!content)
        {
            writer.WriteString("blobName", invoice.Evidence.BlobName);
        }

        writer.WriteNumber("lines", invoice.Evidence.Lines);
        writer.WriteString("sha256", invoice.Evidence.Sha256);
        writer.WriteEndObject();

        if (!content)
        {
            writer.WriteString("generatedAt", CanonicalJson.Instant(invoice.GeneratedAt));
        }

        writer.WriteEndObject();
    }

    private static void WriteSupersedes(Utf8JsonWriter writer, Supersession? supersedes)
    {
        if (supersedes is null)
        {
            writer.WriteNull("supersedes");
            return;
        }

        writer.WriteStartObject("supersedes");
        writer.WriteNumber("revision", supersedes.Revision);
        writer.WriteString("invoiceId", supersedes.InvoiceId);
        writer.WriteEndObject();
    }

    private static void WriteDelta(Utf8JsonWriter writer, InvoiceDelta? delta)
    {
        if (delta is null)
        {
            writer.WriteNull("delta");
            return;
        }

        writer.WriteStartObject("delta");
        writer.WriteNullableString("currency", delta.Currency?.Code);
        writer.WriteStartArray("figures");
        foreach (var entry in delta.Figures)
        {
            WriteDeltaEntry(writer, entry, CanonicalJson.Decimal);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("amounts");
        foreach (var entry in delta.Amounts)
        {
            var currency = delta.Currency ?? throw new InvalidOperationException("A delta with amounts names their currency.");
            WriteDeltaEntry(writer, entry, currency.Format);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteDeltaEntry(Utf8JsonWriter writer, DeltaEntry entry, Func<decimal, string> format)
    {
        writer.WriteStartObject();
        writer.WriteString("name", entry.Name);
        writer.WriteNullableString("previous", entry.Previous is { } p ? format(p) : null);
        writer.WriteNullableString("current", entry.Current is { } c ? format(c) : null);
        writer.WriteString("change", format(entry.Change));
        writer.WriteEndObject();
    }

    /// <summary>
    /// A window; a sub-window also carries its measured count (joined by id with the measurement's sub-window
    /// figures, null when the rule reported none), so that a reader sees each period's days and count together.
    /// </summary>
    private static void WriteWindow(Utf8JsonWriter writer, BillingWindow window, ImmutableArray<SubWindowFigure> figures, long? count, bool isTop = true)
    {
        var instants = window.Instants;
        writer.WriteStartObject();
        writer.WriteString("id", window.Id);
        writer.WriteString("scheme", RuleVocabulary.Name(window.Scheme));
        writer.WriteString("firstDay", CanonicalJson.Date(window.Days.Start));
        writer.WriteString("lastDay", CanonicalJson.Date(window.Days.End));
        writer.WriteString("start", CanonicalJson.Instant(instants.Start));
        writer.WriteString("end", CanonicalJson.Instant(instants.End));
        writer.WriteString("zone", window.Zone.Id);
        writer.WriteBoolean("clippedToTerm", window.ClippedToTerm);
        writer.WriteStartArray("subWindows");
        foreach (var sub in window.SubWindows)
        {
            var figure = figures.FirstOrDefault(f => f.Id == sub.Id);
            WriteWindow(writer, sub, [], figure?.Count, isTop: false);
        }

        writer.WriteEndArray();
        if (window.Uncovered is { } uncovered)
        {
            writer.WriteStartObject("uncovered");
            writer.WriteString("firstDay", CanonicalJson.Date(uncovered.Start));
            writer.WriteString("lastDay", CanonicalJson.Date(uncovered.End));
            writer.WriteNumber("days", uncovered.Length);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("uncovered");
        }

        if (!isTop)
        {
            if (count is { } c)
            {
                writer.WriteNumber("count", c);
            }
            else
            {
                writer.WriteNull("count");
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteFigures(Utf8JsonWriter writer, MeasuredFigures figures)
    {
        writer.WriteStartObject("measurement");
        writer.WriteNumber("quantity", figures.Quantity);
        writer.WriteStartArray("figures");
        foreach (var figure in figures.Named)
        {
            writer.WriteStartObject();
            writer.WriteString("name", figure.Name);
            writer.WriteString("value", CanonicalJson.Decimal(figure.Value));
            if (figure.Rounding is { } rounding)
            {
                writer.WriteString("rounding", rounding);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
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

    private static void WriteCharges(Utf8JsonWriter writer, Charges? charges)
    {
        if (charges is null)
        {
            writer.WriteNull("commercial");
            return;
        }

        var currency = charges.Currency;
        writer.WriteStartObject("commercial");
        writer.WriteString("currency", currency.Code);
        writer.WriteNumber("minorDigits", currency.MinorDigits);
        writer.WriteStartArray("lines");
        foreach (var line in charges.Lines)
        {
            writer.WriteStartObject();
            writer.WriteString("code", line.Code);
            writer.WriteString("description", line.Description);
            writer.WriteNumber("quantity", line.Quantity);
            writer.WriteString("unitPrice", Price(currency, line.UnitPrice));
            writer.WriteString("amount", currency.Format(line.Amount));
            if (line.ProratedMonths is { } months)
            {
                writer.WriteNumber("proratedMonths", months);
            }
            else
            {
                writer.WriteNull("proratedMonths");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("total", currency.Format(charges.Total));
        writer.WriteEndObject();
    }

    /// <summary>A unit price with at least the minor-unit digits and more only when the contract's price has them (4.50, 0.125).</summary>
    private static string Price(Currency currency, decimal price)
    {
        var text = CanonicalJson.Decimal(price);
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? 0 : text.Length - point - 1;
        if (digits >= currency.MinorDigits)
        {
            return text;
        }

        return (point < 0 ? text + "." : text) + new string('0', currency.MinorDigits - digits);
    }

    private static Invoice ReadInvoice(JsonElement root)
    {
        var schemaVersion = Text(Get(root, "$", "schemaVersion"), "schemaVersion");
        if (schemaVersion != Invoice.CurrentSchemaVersion)
        {
            throw Bad("schemaVersion", $"version '{schemaVersion}' is not the version this reader knows ({Invoice.CurrentSchemaVersion})");
        }

        var contract = Get(root, "$", "contract");
        var template = Get(root, "$", "template");
        var templateName = Text(Get(template, "template", "name"), "template.name");
        var charges = ReadCharges(Get(root, "$", "commercial"));
        var evidence = Get(root, "$", "evidence");
        var late = Get(Get(root, "$", "lateEvents"), "lateEvents", "byDay");

        return new Invoice(
            schemaVersion,
            Text(Get(root, "$", "invoiceId"), "invoiceId"),
            (int)Whole(Get(root, "$", "revision"), "revision"),
            ReadSupersedes(Get(root, "$", "supersedes")),
            ReadDelta(Get(root, "$", "delta")),
            Tenant(Get(root, "$", "billingTenant"), "billingTenant"),
            [.. Items(Get(root, "$", "tenants"), "tenants").Select(t => Tenant(t.Item, t.Path))],
            new ContractReference(
                ContractId.TryParse(Text(Get(contract, "contract", "id"), "contract.id"), out var id) ? id.Value : throw Bad("contract.id", "is not a contract id"),
                OptionalText(Get(contract, "contract", "name"), "contract.name"),
                (int)Whole(Get(contract, "contract", "version"), "contract.version"),
                Date(Get(contract, "contract", "effective"), "contract.effective")),
            new TemplateApplied(
                templateName,
                ReadParameters(Get(template, "template", "parameters"), templateName),
                ReadRule(Get(template, "template", "rule")),
                [.. Items(Get(template, "template", "policies"), "template.policies").Select(p => Text(p.Item, p.Path))]),
            ReadWindow(Get(root, "$", "window"), "window"),
            ReadFigures(Get(root, "$", "measurement")),
            charges,
            [.. Items(Get(root, "$", "anomalies"), "anomalies").Select(a => ReadAnomaly(a.Item, a.Path))],
            [.. Items(Get(root, "$", "notes"), "notes").Select(n => Text(n.Item, n.Path))],
            late.ValueKind == JsonValueKind.Object
                ? late.EnumerateObject().ToImmutableSortedDictionary(p => ParseDate(p.Name, "lateEvents.byDay"), p => Whole(p.Value, "lateEvents.byDay." + p.Name))
                : throw Bad("lateEvents.byDay", "must be an object"),
            new EvidenceReference(
                Text(Get(evidence, "evidence", "blobName"), "evidence.blobName"),
                Whole(Get(evidence, "evidence", "lines"), "evidence.lines"),
                Text(Get(evidence, "evidence", "sha256"), "evidence.sha256")),
            InstantPattern.ExtendedIso.Parse(Text(Get(root, "$", "generatedAt"), "generatedAt")).GetValueOrThrow());
    }

    private static Supersession? ReadSupersedes(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null
            ? null
            : new Supersession((int)Whole(Get(element, "supersedes", "revision"), "supersedes.revision"), Text(Get(element, "supersedes", "invoiceId"), "supersedes.invoiceId"));

    private static InvoiceDelta? ReadDelta(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var code = OptionalText(Get(element, "delta", "currency"), "delta.currency");
        Currency? currency = code is null ? null : Currency.TryFind(code, out var found) ? found : throw Bad("delta.currency", $"'{code}' is not a known currency");
        return new InvoiceDelta(
            currency,
            [.. Items(Get(element, "delta", "figures"), "delta.figures").Select(e => ReadDeltaEntry(e.Item, e.Path))],
            [.. Items(Get(element, "delta", "amounts"), "delta.amounts").Select(e => ReadDeltaEntry(e.Item, e.Path))]);
    }

    private static DeltaEntry ReadDeltaEntry(JsonElement element, string path) =>
        new(
            Text(Get(element, path, "name"), path + ".name"),
            OptionalText(Get(element, path, "previous"), path + ".previous") is { } p ? ParseDecimal(p, path + ".previous") : null,
            OptionalText(Get(element, path, "current"), path + ".current") is { } c ? ParseDecimal(c, path + ".current") : null,
            ParseDecimal(Text(Get(element, path, "change"), path + ".change"), path + ".change"));

    private static TemplateParameters ReadParameters(JsonElement element, string template)
    {
        var input = new JsonInput();
        var parameters = ContractReader.ReadParameters(input, element, "template.parameters", template);
        return input.Count == 0 ? parameters : throw Bad(input.Problems[0].Path, input.Problems[0].Message);
    }

    private static RuleSpec? ReadRule(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var input = new JsonInput();
        var rule = GenericRuleReader.Read(input, element, "template.rule");
        return input.Count == 0 && rule is not null ? rule : throw Bad(input.Problems.Count > 0 ? input.Problems[0].Path : "template.rule", input.Problems.Count > 0 ? input.Problems[0].Message : "is not a rule");
    }

    private static BillingWindow ReadWindow(JsonElement element, string path)
    {
        var zoneId = Text(Get(element, path, "zone"), path + ".zone");
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? throw Bad(path + ".zone", $"'{zoneId}' is not an IANA time zone");
        var schemeName = Text(Get(element, path, "scheme"), path + ".scheme");
        var scheme = RuleVocabulary.TryParse(schemeName, out WindowSchemeKind? kind) ? kind.Value : throw Bad(path + ".scheme", $"'{schemeName}' is not a window scheme");
        var uncovered = Get(element, path, "uncovered");
        var clipped = Get(element, path, "clippedToTerm");
        return new BillingWindow(
            scheme,
            new DateInterval(Date(Get(element, path, "firstDay"), path + ".firstDay"), Date(Get(element, path, "lastDay"), path + ".lastDay")),
            zone,
            [.. Items(Get(element, path, "subWindows"), path + ".subWindows").Select(s => ReadWindow(s.Item, s.Path))],
            uncovered.ValueKind == JsonValueKind.Null
                ? null
                : new DateInterval(Date(Get(uncovered, path + ".uncovered", "firstDay"), path + ".uncovered.firstDay"), Date(Get(uncovered, path + ".uncovered", "lastDay"), path + ".uncovered.lastDay")),
            clipped.ValueKind is JsonValueKind.True or JsonValueKind.False ? clipped.GetBoolean() : throw Bad(path + ".clippedToTerm", "must be true or false"));
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
            [.. Items(Get(element, path, "figures"), path + ".figures").Select(f => new NamedFigure(
                Text(Get(f.Item, f.Path, "name"), f.Path + ".name"),
                ParseDecimal(Text(Get(f.Item, f.Path, "value"), f.Path + ".value"), f.Path + ".value"),
                f.Item.TryGetProperty("rounding", out var rounding) ? OptionalText(rounding, f.Path + ".rounding") : null))],
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

    private static Charges? ReadCharges(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        const string path = "commercial";
        var code = Text(Get(element, path, "currency"), path + ".currency");
        var currency = Currency.TryFind(code, out var found) ? found.Value : throw Bad(path + ".currency", $"'{code}' is not a known currency");
        var lines = Items(Get(element, path, "lines"), path + ".lines").Select(l =>
        {
            var months = Get(l.Item, l.Path, "proratedMonths");
            return new InvoiceLine(
                Text(Get(l.Item, l.Path, "code"), l.Path + ".code"),
                Text(Get(l.Item, l.Path, "description"), l.Path + ".description"),
                Whole(Get(l.Item, l.Path, "quantity"), l.Path + ".quantity"),
                ParseDecimal(Text(Get(l.Item, l.Path, "unitPrice"), l.Path + ".unitPrice"), l.Path + ".unitPrice"),
                ParseDecimal(Text(Get(l.Item, l.Path, "amount"), l.Path + ".amount"), l.Path + ".amount"),
                months.ValueKind == JsonValueKind.Null ? null : (int)Whole(months, l.Path + ".proratedMonths"));
        });
        return new Charges(currency, [.. lines], ParseDecimal(Text(Get(element, path, "total"), path + ".total"), path + ".total"));
    }

    private static Anomaly ReadAnomaly(JsonElement element, string path) =>
        new(
            Text(Get(element, path, "code"), path + ".code"),
            Text(Get(element, path, "message"), path + ".message"),
            [.. Items(Get(element, path, "subjects"), path + ".subjects").Select(s => Text(s.Item, s.Path))],
            OptionalText(Get(element, path, "at"), path + ".at"));

    private static JsonElement Get(JsonElement element, string path, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Bad(path, "must be an object");
        }

        return element.TryGetProperty(name, out var value) ? value : throw Bad(path == "$" ? name : path + "." + name, "is missing");
    }

    private static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array
            ? element.EnumerateArray().Select((item, i) => (item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"))).ToList()
            : throw Bad(path, "must be an array");

    private static string Text(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Bad(path, "must be a string");

    private static string? OptionalText(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Null ? null : Text(element, path);

    private static long Whole(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) ? value : throw Bad(path, "must be a whole number");

    private static TenantId Tenant(JsonElement element, string path) =>
        TenantId.TryParse(Text(element, path), out var tenant) ? tenant.Value : throw Bad(path, "is not a tenant id");

    private static LocalDate Date(JsonElement element, string path) => ParseDate(Text(element, path), path);

    private static LocalDate ParseDate(string text, string path)
    {
        var result = LocalDatePattern.Iso.Parse(text);
        return result.Success ? result.Value : throw Bad(path, $"'{text}' is not an ISO date");
    }

    // A computed figure (a mean of monthly counts) can carry all 29 digits a decimal holds, one more than contract
    // prices may: read back whatever the writer writes, digits with an optional sign and point, never an exponent.
    private static decimal ParseDecimal(string text, string path) =>
        JsonInput.TryParseDecimalText(text, out var value)
        || (text.Length > 0 && text.TrimStart('-').All(c => c is (>= '0' and <= '9') or '.')
            && decimal.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out value))
            ? value
            : throw Bad(path, $"'{text}' is not a decimal");

    private static FormatException Bad(string path, string message) => new($"Not an invoice: {path} {message}.");
}

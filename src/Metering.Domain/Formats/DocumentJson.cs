using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Metering.Domain.Commercial;
using Metering.Domain.Contracts;
using Metering.Domain.Invoices;
using Metering.Domain.Rules;
using Metering.Domain.Tenants;
using Metering.Domain.Windows;
using NodaTime;
using NodaTime.Text;

namespace Metering.Domain.Formats;

/// <summary>
/// The parts an invoice (<see cref="InvoiceJson"/>) and a statement (<see cref="StatementJson"/>) write and read alike:
/// the parties, the contract version, the template, windows, named figures, deltas, late events and the evidence
/// reference. A reader throws <see cref="FormatException"/> with the path and what is wrong (<c>window.zone 'X' is not
/// an IANA time zone.</c>); the document's own reader says which kind of document it is not.
/// </summary>
internal static class DocumentJson
{
    internal static readonly JsonDocumentOptions ReadOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
        AllowDuplicateProperties = false,
    };

    /// <summary>Parses <paramref name="utf8Json"/> and reads it with <paramref name="read"/>, every failure a <see cref="FormatException"/> that starts with <paramref name="notA"/>.</summary>
    internal static T Read<T>(ReadOnlyMemory<byte> utf8Json, string notA, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json, ReadOptions);
            return read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{notA}: {e.Message}", e);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{notA}: {e.Message}", e);
        }
    }

    internal static void WriteSupersedes(Utf8JsonWriter writer, Supersession? supersedes, string idName)
    {
        if (supersedes is null)
        {
            writer.WriteNull("supersedes");
            return;
        }

        writer.WriteStartObject("supersedes");
        writer.WriteNumber("revision", supersedes.Revision);
        writer.WriteString(idName, supersedes.InvoiceId);
        writer.WriteEndObject();
    }

    internal static void WriteDeltaEntries(Utf8JsonWriter writer, string name, IEnumerable<DeltaEntry> entries, Func<decimal, string> format)
    {
        writer.WriteStartArray(name);
        foreach (var entry in entries)
        {
            writer.WriteStartObject();
            writer.WriteString("name", entry.Name);
            writer.WriteNullableString("previous", entry.Previous is { } p ? format(p) : null);
            writer.WriteNullableString("current", entry.Current is { } c ? format(c) : null);
            writer.WriteString("change", format(entry.Change));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    internal static void WriteParties(Utf8JsonWriter writer, TenantId billingTenant, ImmutableArray<TenantId> tenants, ContractReference contract)
    {
        writer.WriteString("billingTenant", billingTenant.Value);
        writer.WriteStrings("tenants", tenants.Select(t => t.Value));
        writer.WriteStartObject("contract");
        writer.WriteString("id", contract.Id.Value);
        writer.WriteNullableString("name", contract.Name);
        writer.WriteNumber("version", contract.Version);
        writer.WriteString("effective", CanonicalJson.Date(contract.Effective));
        writer.WriteEndObject();
    }

    /// <summary>The template block; <paramref name="policies"/> when the document states the policies its measurement applied.</summary>
    internal static void WriteTemplate(Utf8JsonWriter writer, TemplateApplied template, bool policies)
    {
        writer.WriteStartObject("template");
        writer.WriteString("name", template.Name);
        writer.WritePropertyName("parameters");
        ContractWriter.WriteParameters(writer, template.Name, template.Parameters);
        writer.WritePropertyName("rule");
        if (template.Rule is { } rule)
        {
            ContractWriter.WriteRule(writer, rule);
        }
        else
        {
            writer.WriteNullValue();
        }

        if (policies)
        {
            writer.WriteStrings("policies", template.Policies);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// A window; a sub-window also carries its measured count (joined by id with <paramref name="figures"/>, null when
    /// none is given), so that a reader sees each period's days and count together.
    /// </summary>
    internal static void WriteWindow(Utf8JsonWriter writer, BillingWindow window, ImmutableArray<SubWindowFigure> figures, bool isTop = true, long? count = null)
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
            WriteWindow(writer, sub, [], isTop: false, figure?.Count);
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
            writer.WriteNullableNumber("count", count);
        }

        writer.WriteEndObject();
    }

    internal static void WriteNamedFigures(Utf8JsonWriter writer, ImmutableArray<NamedFigure> figures)
    {
        writer.WriteStartArray("figures");
        foreach (var figure in figures)
        {
            writer.WriteStartObject();
            writer.WriteString("name", figure.Name);
            writer.WriteString("value", CanonicalJson.Decimal(figure.Value));
            writer.WriteOptionalString("rounding", figure.Rounding);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    internal static void WriteAnomalies(Utf8JsonWriter writer, ImmutableArray<Anomaly> anomalies)
    {
        writer.WriteStartArray("anomalies");
        foreach (var anomaly in anomalies)
        {
            writer.WriteStartObject();
            writer.WriteString("code", anomaly.Code);
            writer.WriteString("message", anomaly.Message);
            writer.WriteStrings("subjects", anomaly.Subjects);
            writer.WriteNullableString("at", anomaly.At);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    internal static void WriteLateEvents(Utf8JsonWriter writer, ImmutableSortedDictionary<LocalDate, long> lateEvents)
    {
        writer.WriteStartObject("lateEvents");
        writer.WriteNumber("total", lateEvents.Values.Sum());
        writer.WriteStartObject("byDay");
        foreach (var (day, count) in lateEvents)
        {
            writer.WriteNumber(CanonicalJson.Date(day), count);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The evidence reference; its blob name only outside the content (the name carries the revision's folder).</summary>
    internal static void WriteEvidence(Utf8JsonWriter writer, EvidenceReference evidence, bool content)
    {
        writer.WriteStartObject("evidence");
        if (!content)
        {
            writer.WriteString("blobName", evidence.BlobName);
        }

        writer.WriteNumber("lines", evidence.Lines);
        writer.WriteString("sha256", evidence.Sha256);
        writer.WriteEndObject();
    }

    internal static void WriteDelta(Utf8JsonWriter writer, InvoiceDelta? delta)
    {
        if (delta is null)
        {
            writer.WriteNull("delta");
            return;
        }

        writer.WriteStartObject("delta");
        writer.WriteNullableString("currency", delta.Currency?.Code);
        WriteDeltaEntries(writer, "figures", delta.Figures, CanonicalJson.Decimal);
        if (!delta.Amounts.IsEmpty && delta.Currency is null)
        {
            throw new InvalidOperationException("A delta with amounts names their currency.");
        }

        WriteDeltaEntries(writer, "amounts", delta.Amounts, a => delta.Currency!.Value.Format(a));
        writer.WriteEndObject();
    }

    internal static void WriteCharges(Utf8JsonWriter writer, Charges? charges)
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
    internal static string Price(Currency currency, decimal price)
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

    internal static InvoiceDelta? ReadDelta(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var code = OptionalText(Get(element, "delta", "currency"), "delta.currency");
        Currency? currency = code is null ? null : Currency.TryFind(code, out var found) ? found : throw Bad("delta.currency", $"'{code}' is not a known currency");
        return new InvoiceDelta(
            currency,
            ReadDeltaEntries(Get(element, "delta", "figures"), "delta.figures"),
            ReadDeltaEntries(Get(element, "delta", "amounts"), "delta.amounts"));
    }

    internal static Charges? ReadCharges(JsonElement element)
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

    internal static Supersession? ReadSupersedes(JsonElement element, string idName) =>
        element.ValueKind == JsonValueKind.Null
            ? null
            : new Supersession((int)Whole(Get(element, "supersedes", "revision"), "supersedes.revision"), Text(Get(element, "supersedes", idName), "supersedes." + idName));

    internal static ImmutableArray<DeltaEntry> ReadDeltaEntries(JsonElement element, string path) =>
        [.. Items(element, path).Select(e => new DeltaEntry(
            Text(Get(e.Item, e.Path, "name"), e.Path + ".name"),
            OptionalText(Get(e.Item, e.Path, "previous"), e.Path + ".previous") is { } p ? ParseDecimal(p, e.Path + ".previous") : null,
            OptionalText(Get(e.Item, e.Path, "current"), e.Path + ".current") is { } c ? ParseDecimal(c, e.Path + ".current") : null,
            ParseDecimal(Text(Get(e.Item, e.Path, "change"), e.Path + ".change"), e.Path + ".change")))];

    internal static TenantId ReadBillingTenant(JsonElement root) => Tenant(Get(root, "$", "billingTenant"), "billingTenant");

    internal static ImmutableArray<TenantId> ReadTenants(JsonElement root) =>
        [.. Items(Get(root, "$", "tenants"), "tenants").Select(t => Tenant(t.Item, t.Path))];

    internal static ContractReference ReadContract(JsonElement root)
    {
        var contract = Get(root, "$", "contract");
        return new ContractReference(
            ContractId.TryParse(Text(Get(contract, "contract", "id"), "contract.id"), out var id) ? id.Value : throw Bad("contract.id", "is not a contract id"),
            OptionalText(Get(contract, "contract", "name"), "contract.name"),
            (int)Whole(Get(contract, "contract", "version"), "contract.version"),
            Date(Get(contract, "contract", "effective"), "contract.effective"));
    }

    internal static TemplateApplied ReadTemplate(JsonElement root, bool policies)
    {
        var template = Get(root, "$", "template");
        var name = Text(Get(template, "template", "name"), "template.name");
        return new TemplateApplied(
            name,
            ReadParameters(Get(template, "template", "parameters"), name),
            ReadRule(Get(template, "template", "rule")),
            policies ? [.. Items(Get(template, "template", "policies"), "template.policies").Select(p => Text(p.Item, p.Path))] : []);
    }

    internal static BillingWindow ReadWindow(JsonElement element, string path)
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

    internal static ImmutableArray<NamedFigure> ReadNamedFigures(JsonElement element, string path) =>
        [.. Items(element, path).Select(f => new NamedFigure(
            Text(Get(f.Item, f.Path, "name"), f.Path + ".name"),
            ParseDecimal(Text(Get(f.Item, f.Path, "value"), f.Path + ".value"), f.Path + ".value"),
            f.Item.TryGetProperty("rounding", out var rounding) ? OptionalText(rounding, f.Path + ".rounding") : null))];

    internal static ImmutableArray<Anomaly> ReadAnomalies(JsonElement root) =>
        [.. Items(Get(root, "$", "anomalies"), "anomalies").Select(a => new Anomaly(
            Text(Get(a.Item, a.Path, "code"), a.Path + ".code"),
            Text(Get(a.Item, a.Path, "message"), a.Path + ".message"),
            [.. Items(Get(a.Item, a.Path, "subjects"), a.Path + ".subjects").Select(s => Text(s.Item, s.Path))],
            OptionalText(Get(a.Item, a.Path, "at"), a.Path + ".at")))];

    internal static ImmutableArray<string> ReadNotes(JsonElement root) =>
        [.. Items(Get(root, "$", "notes"), "notes").Select(n => Text(n.Item, n.Path))];

    internal static ImmutableSortedDictionary<LocalDate, long> ReadLateEvents(JsonElement root)
    {
        var late = Get(Get(root, "$", "lateEvents"), "lateEvents", "byDay");
        return late.ValueKind == JsonValueKind.Object
            ? late.EnumerateObject().ToImmutableSortedDictionary(p => ParseDate(p.Name, "lateEvents.byDay"), p => Whole(p.Value, "lateEvents.byDay." + p.Name))
            : throw Bad("lateEvents.byDay", "must be an object");
    }

    internal static EvidenceReference ReadEvidence(JsonElement root)
    {
        var evidence = Get(root, "$", "evidence");
        return new EvidenceReference(
            Text(Get(evidence, "evidence", "blobName"), "evidence.blobName"),
            Whole(Get(evidence, "evidence", "lines"), "evidence.lines"),
            Text(Get(evidence, "evidence", "sha256"), "evidence.sha256"));
    }

    internal static Instant ReadGeneratedAt(JsonElement root)
    {
        var text = Text(Get(root, "$", "generatedAt"), "generatedAt");
        var parsed = InstantPattern.ExtendedIso.Parse(text);
        return parsed.Success ? parsed.Value : throw Bad("generatedAt", $"'{text}' is not an ISO instant");
    }

    internal static JsonElement Get(JsonElement element, string path, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Bad(path, "must be an object");
        }

        return element.TryGetProperty(name, out var value) ? value : throw Bad(path == "$" ? name : path + "." + name, "is missing");
    }

    internal static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array
            ? element.EnumerateArray().Select((item, i) => (item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"))).ToList()
            : throw Bad(path, "must be an array");

    internal static string Text(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Bad(path, "must be a string");

    internal static string? OptionalText(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Null ? null : Text(element, path);

    internal static long Whole(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) ? value : throw Bad(path, "must be a whole number");

    internal static LocalDate Date(JsonElement element, string path) => ParseDate(Text(element, path), path);

    // A computed figure (a mean of monthly counts) can carry all 29 digits a decimal holds, one more than contract
    // prices may: read back whatever the writer writes, digits with an optional sign and point, never an exponent.
    internal static decimal ParseDecimal(string text, string path) =>
        JsonInput.TryParseDecimalText(text, out var value)
        || (text.Length > 0 && text.TrimStart('-').All(c => c is (>= '0' and <= '9') or '.')
            && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
            ? value
            : throw Bad(path, $"'{text}' is not a decimal");

    internal static FormatException Bad(string path, string message) => new($"{path} {message}.");

    private static TenantId Tenant(JsonElement element, string path) =>
        TenantId.TryParse(Text(element, path), out var tenant) ? tenant.Value : throw Bad(path, "is not a tenant id");

    private static LocalDate ParseDate(string text, string path)
    {
        var result = LocalDatePattern.Iso.Parse(text);
        return result.Success ? result.Value : throw Bad(path, $"'{text}' is not an ISO date");
    }

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
}

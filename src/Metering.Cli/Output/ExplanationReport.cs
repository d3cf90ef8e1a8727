using System.Globalization;
using System.Text.Json;
using Metering.Cli.Reading;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using NodaTime.Text;
using Spectre.Console;

namespace Metering.Cli.Output;

/// <summary>
/// What <c>metering explain</c> and <c>reconcile</c> print (docs/explaining.md): for people, sentences and a table of
/// differences; for machines (<c>--json</c>, and the serve GETs), one JSON document with the same facts.
/// </summary>
public static class ExplanationReport
{
    private static readonly JsonWriterOptions Json = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One unit explained, in words.</summary>
    public static void WriteUnit(TextWriter output, WindowExplanation window)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(window);
        var unit = window.Units.Single();
        output.WriteLine($"'{DeadLetterReport.Printable(unit.Finding.Unit.Value)}' in {Where(window)}");
        output.WriteLine($"  {Billed(window, unit)}");
        output.WriteLine($"  Why: {DeadLetterReport.Printable(unit.Finding.Reason)}.");
        output.WriteLine($"  {Now(window, unit)}");
        if (!unit.Finding.Steps.IsEmpty)
        {
            output.WriteLine("  What the rule read of it:");
            foreach (var step in unit.Finding.Steps)
            {
                output.WriteLine($"    - {DeadLetterReport.Printable(StepText(step))}");
            }
        }

        WriteDeadLetters(output, unit);
    }

    /// <summary>The reconciliation, in words, with a table of the ids on one side only.</summary>
    public static void WriteReconciliation(IAnsiConsole console, Reconciliation reconciliation)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(reconciliation);
        var window = reconciliation.Window;
        var published = window.Published!;
        var lines = new List<string>
        {
            $"Reconciliation of {Where(window)}, revision {published.Revision} ({Count(published.Units.Count)} unit(s) billed), with a list of {Count(reconciliation.Listed)} id(s)"
                + (reconciliation.Repeated > 0 ? $" ({Count(reconciliation.Repeated)} repeated line(s) ignored):" : ":"),
            $"  matched:                     {Count(reconciliation.Matched)}",
            $"  billed, not on the list:     {Count(reconciliation.BilledNotListed.Length)}",
            $"  on the list, not billed:     {Count(reconciliation.ListedNotBilled.Length)}",
        };
        foreach (var line in lines)
        {
            console.WriteLine(line);
        }

        if (reconciliation.Agree)
        {
            console.WriteLine("The list and the invoice agree.");
            return;
        }

        var table = new Table().AddColumns("Unit", "Side", "Why");
        foreach (var unit in reconciliation.BilledNotListed)
        {
            table.AddRow(Markup.Escape(DeadLetterReport.Printable(unit.Finding.Unit.Value)), "billed, not listed", Markup.Escape(DeadLetterReport.Printable(Reason(window, unit))));
        }

        foreach (var unit in reconciliation.ListedNotBilled)
        {
            table.AddRow(Markup.Escape(DeadLetterReport.Printable(unit.Finding.Unit.Value)), "listed, not billed", Markup.Escape(DeadLetterReport.Printable(Reason(window, unit))));
        }

        Consoles.Write(console, table);
        console.WriteLine(window.AgreesWithPublished
            ? "The stored activity still gives exactly the units of this revision."
            : window.PublishedUnderAnotherVersion
                ? $"The stored activity now gives {Count(window.QuantityNow)} under version {window.Scheduled.Version.Number} (the revision billed {Count(published.Quantity)} under version {published.Version}): {AnotherVersion(window)}"
                : $"The stored activity now gives {Count(window.QuantityNow)} (the revision billed {Count(published.Quantity)}): events arrived since; the next close publishes a revision.");
        console.WriteLine("'metering explain TENANT CONTRACT WINDOW UNIT' shows every step for one unit.");
    }

    /// <summary>One unit explained, as JSON.</summary>
    public static async Task WriteUnitJsonAsync(Stream output, WindowExplanation window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        await using var w = new Utf8JsonWriter(output, Json);
        w.WriteStartObject();
        WriteWindow(w, window);
        w.WritePropertyName("unit");
        WriteUnit(w, window.Units.Single());
        w.WriteEndObject();
        await w.FlushAsync(cancellationToken);
    }

    /// <summary>The reconciliation as JSON: counts, and each id on one side only with its finding.</summary>
    public static async Task WriteReconciliationJsonAsync(Stream output, Reconciliation reconciliation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reconciliation);
        await using var w = new Utf8JsonWriter(output, Json);
        w.WriteStartObject();
        WriteWindow(w, reconciliation.Window);
        w.WriteBoolean("agree", reconciliation.Agree);
        w.WriteNumber("billed", reconciliation.Window.Published!.Units.Count);
        w.WriteNumber("listed", reconciliation.Listed);
        w.WriteNumber("repeatedLines", reconciliation.Repeated);
        w.WriteNumber("matched", reconciliation.Matched);
        w.WriteStartArray("billedNotListed");
        foreach (var unit in reconciliation.BilledNotListed)
        {
            WriteUnit(w, unit);
        }

        w.WriteEndArray();
        w.WriteStartArray("listedNotBilled");
        foreach (var unit in reconciliation.ListedNotBilled)
        {
            WriteUnit(w, unit);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(cancellationToken);
    }

    private static void WriteWindow(Utf8JsonWriter w, WindowExplanation window)
    {
        var scheduled = window.Scheduled;
        w.WriteString("tenant", window.Contract.BillingTenant.Value);
        w.WriteString("contract", window.Contract.Id.Value);
        w.WriteString("window", scheduled.Window.Id);
        w.WriteString("zone", scheduled.Window.Zone.Id);
        w.WriteNumber("version", scheduled.Version.Number);
        w.WriteString("template", scheduled.Version.Template);
        if (window.Published is { } published)
        {
            w.WriteStartObject("published");
            w.WriteNumber("revision", published.Revision);
            w.WriteNumber("version", published.Version);
            w.WriteNumber("quantity", published.Quantity);
            w.WriteString("evidenceSha256", published.EvidenceSha256);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("published");
        }

        w.WriteStartObject("now");
        w.WriteNumber("quantity", window.QuantityNow);
        w.WriteString("evidenceSha256", window.EvidenceSha256Now);
        w.WriteBoolean("agreesWithPublished", window.AgreesWithPublished);
        w.WriteEndObject();
    }

    private static void WriteUnit(Utf8JsonWriter w, ExplainedUnit unit)
    {
        var finding = unit.Finding;
        w.WriteStartObject();
        w.WriteString("unit", finding.Unit.Value);
        if (unit.Billed is { } billed)
        {
            w.WriteBoolean("billed", billed);
        }
        else
        {
            w.WriteNull("billed");
        }

        w.WriteBoolean("countedNow", finding.Counted);
        w.WriteString("reason", finding.Reason);
        w.WriteStartArray("evidence");
        foreach (var line in finding.Evidence)
        {
            w.WriteStartObject();
            w.WriteString("tenant", line.Tenant.Value);
            w.WriteString("dimension", line.Dimension);
            w.WriteString("qualifier", line.Qualifier.Text);
            w.WriteString("detail", line.Detail);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("steps");
        foreach (var step in finding.Steps)
        {
            w.WriteStartObject();
            w.WriteString("tenant", step.Tenant.Value);
            w.WriteString("code", step.Code);
            w.WriteString("scope", step.Scope);
            w.WriteString("text", step.Text);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("deadLetters");
        foreach (var letter in unit.DeadLetters)
        {
            w.WriteStartObject();
            w.WriteString("batch", letter.Batch.Batch.Value);
            w.WriteString("receivedAt", InstantPattern.ExtendedIso.Format(letter.Batch.ReceivedAt));
            w.WriteNumber("position", letter.Rejected.Event.Position);
            w.WriteString("id", letter.Attributes.Id);
            w.WriteString("type", letter.Attributes.Type);
            w.WriteStartArray("reasons");
            foreach (var code in letter.Rejected.Errors.Select(e => e.Code).Distinct(StringComparer.Ordinal))
            {
                w.WriteStringValue(code);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteDeadLetters(TextWriter output, ExplainedUnit unit)
    {
        if (unit.DeadLetters.IsEmpty)
        {
            return;
        }

        output.WriteLine($"  Dead-lettered events with this subject ({unit.DeadLetters.Length}):");
        foreach (var letter in unit.DeadLetters)
        {
            var reasons = string.Join(", ", letter.Rejected.Errors.Select(e => e.Code).Distinct(StringComparer.Ordinal));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    - {DeadLetterReport.Printable(letter.Attributes.Type ?? "(no type)")} id {DeadLetterReport.Printable(letter.Attributes.Id ?? "(none)")}, received {InstantPattern.ExtendedIso.Format(letter.Batch.ReceivedAt)} in batch {letter.Batch.Batch.Value}: {reasons} ('metering deadletters show {letter.Batch.Batch.Value}')"));
        }
    }

    private static string Where(WindowExplanation window)
    {
        var scheduled = window.Scheduled;
        return string.Create(CultureInfo.InvariantCulture,
            $"{window.Contract.BillingTenant}/{window.Contract.Id}/{scheduled.Window.Id} ({scheduled.Version.Template}, version {scheduled.Version.Number}, billing zone {scheduled.Window.Zone.Id})");
    }

    private static string Billed(WindowExplanation window, ExplainedUnit unit) => window.Published is { } published
        ? $"Billed in revision {published.Revision}{(window.PublishedUnderAnotherVersion ? $" (under version {published.Version})" : string.Empty)}: {(unit.Billed == true ? "yes" : "no")}."
        : "No revision of this window is published yet: what follows is what a close would bill now.";

    // A revision billed under another version than the one that governs the window now differs by the amendment, not by
    // late events (which may have arrived too): the reasons given are the version of now's.
    private static string AnotherVersion(WindowExplanation window) => string.Create(
        CultureInfo.InvariantCulture,
        $"revision {window.Published!.Revision} was billed under version {window.Published.Version}, and version {window.Scheduled.Version.Number} governs the window now: the reasons given are version {window.Scheduled.Version.Number}'s, and a revision billed under it is (or, once the window is closed again, will be) the one to compare.");

    private static string Now(WindowExplanation window, ExplainedUnit unit)
    {
        if (window.Published is null)
        {
            return $"Counted by the stored activity now: {(unit.Finding.Counted ? "yes" : "no")}.";
        }

        if (window.PublishedUnderAnotherVersion)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Counted under version {window.Scheduled.Version.Number} by the stored activity now: {(unit.Finding.Counted ? "yes" : "no")}; {AnotherVersion(window)}");
        }

        if (unit.Billed == unit.Finding.Counted)
        {
            return window.AgreesWithPublished
                ? "The stored activity gives the same units as the revision."
                : $"The stored activity agrees for this unit; the window now measures {Count(window.QuantityNow)} (events arrived since the revision, the next close publishes a new one).";
        }

        return unit.Finding.Counted
            ? "The stored activity now counts it: events arrived after the revision was published, and the next close publishes a revision that bills it."
            : "The stored activity no longer counts it: events arrived after the revision was published, and the next close publishes a revision without it.";
    }

    private static string Reason(WindowExplanation window, ExplainedUnit unit)
    {
        var reason = unit.Finding.Reason;
        if (unit.Billed is { } billed && billed != unit.Finding.Counted)
        {
            reason += window.PublishedUnderAnotherVersion
                ? string.Create(CultureInfo.InvariantCulture, $" (under version {window.Scheduled.Version.Number}; the revision was billed under version {window.Published!.Version})")
                : billed ? " (the revision billed it before later events)" : " (counted by events that arrived after the revision)";
        }

        return unit.DeadLetters.IsEmpty
            ? reason
            : $"{reason}; {unit.DeadLetters.Length} event(s) with this subject were dead-lettered ({string.Join(", ", unit.DeadLetters.SelectMany(l => l.Rejected.Errors.Select(e => e.Code)).Distinct(StringComparer.Ordinal))})";
    }

    private static string StepText(TraceStep step) => step.Scope is null ? step.Text : $"in {step.Scope}: {step.Text}";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

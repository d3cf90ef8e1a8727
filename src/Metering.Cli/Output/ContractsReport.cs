using System.Text.Json;
using Metering.Domain.Formats;
using NodaTime.Text;
using Spectre.Console;

namespace Metering.Cli.Output;

/// <summary>The summary <c>metering contracts apply</c> prints: a table, or JSON (<c>--json</c>).</summary>
public static class ContractsReport
{
    /// <summary>Writes the applied contracts as a table.</summary>
    public static void WriteTable(IAnsiConsole console, IReadOnlyList<AppliedContract> applied)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(applied);
        var table = new Table().AddColumns("Contract", "Tenants", "Zone", "Term", "Versions", "Status");
        foreach (var item in applied.OrderBy(a => a.Contract.Id))
        {
            var contract = item.Contract;
            table.AddRow(
                Markup.Escape(contract.Id.Value),
                Markup.Escape(string.Join(", ", contract.Tenants)),
                Markup.Escape(item.Zone),
                $"{LocalDatePattern.Iso.Format(contract.Term.Start)} to {LocalDatePattern.Iso.Format(contract.Term.End)}",
                Markup.Escape(string.Join(", ", contract.Versions.Select(v => FormattableString.Invariant($"v{v.Number} {v.Template} from {LocalDatePattern.Iso.Format(v.Effective)}")))),
                item.Status);
        }

        Consoles.Write(console, table);
        console.WriteLine(FormattableString.Invariant(
            $"{applied.Count} contract(s): {applied.Count(a => a.Status == AppliedContract.Created)} created, {applied.Count(a => a.Status == AppliedContract.Amended)} amended, {applied.Count(a => a.Status == AppliedContract.Unchanged)} unchanged."));
    }

    /// <summary>Writes the applied contracts as a JSON array, by contract id.</summary>
    public static async Task WriteJsonAsync(TextWriter writer, IReadOnlyList<AppliedContract> applied)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(applied);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var item in applied.OrderBy(a => a.Contract.Id))
            {
                w.WriteStartObject();
                w.WriteString("contract", item.Contract.Id.Value);
                w.WriteStrings("tenants", item.Contract.Tenants.Select(t => t.Value));
                w.WriteString("zone", item.Zone);
                w.WriteNumber("versions", item.Contract.Versions.Length);
                w.WriteString("status", item.Status);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        await writer.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}

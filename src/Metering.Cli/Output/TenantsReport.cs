using System.Text.Json;
using Metering.Cli.Tenants;
using Metering.Domain.Formats;
using Spectre.Console;

namespace Metering.Cli.Output;

/// <summary>The summary <c>metering tenants apply</c> prints: a table, or JSON (<c>--json</c>).</summary>
public static class TenantsReport
{
    /// <summary>Writes the applied tenants as a table.</summary>
    public static void WriteTable(IAnsiConsole console, IReadOnlyList<TenantChange> changes)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(changes);
        var table = new Table().AddColumns("Tenant", "Zone", "Sources", "Senders", "Status");
        foreach (var change in changes)
        {
            var tenant = change.Tenant;
            table.AddRow(
                Markup.Escape(tenant.Id.Value),
                Markup.Escape(tenant.Zone.Id),
                Markup.Escape(string.Join(", ", tenant.Sources)),
                Markup.Escape(string.Join(", ", tenant.Senders)),
                change.Status);
        }

        Consoles.Write(console, table);
        console.WriteLine(FormattableString.Invariant(
            $"Stored {changes.Count} tenant(s): {changes.Count(c => c.Status == TenantChange.Created)} created, {changes.Count(c => c.Status == TenantChange.Replaced)} replaced, {changes.Count(c => c.Status == TenantChange.Unchanged)} unchanged."));
    }

    /// <summary>
    /// Writes the applied tenants as a JSON array by tenant id: <c>tenant</c>, <c>zone</c>, <c>sources</c>,
    /// <c>senders</c>, <c>status</c>, and for a replacement <c>previousZone</c> (null unless changed),
    /// <c>removedSources</c> and <c>removedSenders</c>.
    /// </summary>
    public static async Task WriteJsonAsync(TextWriter writer, IReadOnlyList<TenantChange> changes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(changes);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var change in changes)
            {
                w.WriteStartObject();
                w.WriteString("tenant", change.Tenant.Id.Value);
                w.WriteString("zone", change.Tenant.Zone.Id);
                w.WriteStrings("sources", change.Tenant.Sources);
                w.WriteStrings("senders", change.Tenant.Senders);
                w.WriteString("status", change.Status);
                w.WriteString("previousZone", change.PreviousZone);
                w.WriteStrings("removedSources", change.RemovedSources);
                w.WriteStrings("removedSenders", change.RemovedSenders);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        await writer.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}

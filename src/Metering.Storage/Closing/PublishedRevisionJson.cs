using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Tenants;

namespace Metering.Storage.Closing;

/// <summary>
/// The JSON text of a publication notice on the <c>published</c> queue,
/// <c>{"tenant":"..","contract":"..","window":"..","revision":n}</c>: the window whose newest revision is to be copied to
/// its stable name. The Functions host binds the blob output path from these property names
/// (<c>{tenant}/{contract}/{window}/latest.json</c>), so they are part of the contract of the queue.
/// </summary>
public static class PublishedRevisionJson
{
    /// <summary>The message text of a notice for <paramref name="revision"/>.</summary>
    public static string Write(InvoiceRevision revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("tenant", revision.Tenant.Value);
            writer.WriteString("contract", revision.Contract.Value);
            writer.WriteString("window", revision.WindowId);
            writer.WriteNumber("revision", revision.Revision);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a notice written by <see cref="Write"/>; false for anything else (the window id must also be a blob-name segment).</summary>
    public static bool TryRead(string text, [NotNullWhen(true)] out InvoiceRevision? revision)
    {
        ArgumentNullException.ThrowIfNull(text);
        revision = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("tenant", out var tenant) && tenant.ValueKind == JsonValueKind.String
                && root.TryGetProperty("contract", out var contract) && contract.ValueKind == JsonValueKind.String
                && root.TryGetProperty("window", out var window) && window.ValueKind == JsonValueKind.String
                && root.TryGetProperty("revision", out var number) && number.ValueKind == JsonValueKind.Number
                && number.TryGetInt32(out var n) && n >= 1
                && TenantId.TryParse(tenant.GetString(), out var tenantId)
                && ContractId.TryParse(contract.GetString(), out var contractId))
            {
                // Round-trip through the blob name: a window id that is not one segment of the published layout is refused.
                var candidate = new InvoiceRevision(tenantId.Value, contractId.Value, window.GetString()!, n);
                if (InvoiceRevision.TryParse(candidate.BlobName) == candidate)
                {
                    revision = candidate;
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: not a notice.
        }

        return false;
    }

    /// <summary>The stable blob name of a window's newest revision in the <c>latest</c> container.</summary>
    public static string LatestBlobName(InvoiceRevision revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return string.Create(CultureInfo.InvariantCulture, $"{InvoiceRevision.WindowFolder(revision.Tenant, revision.Contract, revision.WindowId)}latest.json");
    }
}

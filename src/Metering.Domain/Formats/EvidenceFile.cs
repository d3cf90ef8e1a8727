using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Rules;

namespace Metering.Domain.Formats;

/// <summary>
/// The evidence of an invoice (docs/invoices.md, "Evidence file"): NDJSON, one line per counted unit —
/// <c>{"tenant":..,"unit":..,"dimension":..,"qualifier":..,"detail":..}</c> with every field present (null when
/// empty) — sorted ordinally (UTF-16 code units) by tenant, unit, dimension, qualifier and detail, a null before
/// any text, each line ending in <c>\n</c>, UTF-8 without a byte-order mark. The same lines in any order give the
/// same bytes, so the SHA-256 on the invoice lets a customer or auditor check they hold the file every count was
/// made from. Lines are kept as given: a unit listed twice stays listed twice, so a double count shows.
/// </summary>
public sealed class EvidenceFile
{
    private readonly byte[] _content;

    private EvidenceFile(ImmutableArray<EvidenceLine> lines, byte[] content)
    {
        Lines = lines;
        _content = content;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
    }

    /// <summary>The lines, sorted.</summary>
    public ImmutableArray<EvidenceLine> Lines { get; }

    /// <summary>The number of lines.</summary>
    public long LineCount => Lines.Length;

    /// <summary>The file's bytes.</summary>
    public ReadOnlyMemory<byte> Content => _content;

    /// <summary>The SHA-256 of <see cref="Content"/>, 64 lowercase hex digits.</summary>
    public string Sha256 { get; }

    /// <summary>The evidence file of these lines, in any order.</summary>
    public static EvidenceFile Build(IEnumerable<EvidenceLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var sorted = lines.ToList();
        sorted.Sort(EvidenceLine.Order);
        using var buffer = new MemoryStream();
        foreach (var line in sorted)
        {
            using (var writer = new Utf8JsonWriter(buffer, CanonicalJson.Compact))
            {
                writer.WriteStartObject();
                writer.WriteString("tenant", line.Tenant.Value);
                writer.WriteString("unit", line.Unit.Value);
                writer.WriteNullableString("dimension", line.Dimension);
                writer.WriteString("qualifier", line.Qualifier.Text);
                writer.WriteNullableString("detail", line.Detail);
                writer.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
        }

        return new EvidenceFile([.. sorted], buffer.ToArray());
    }

    /// <summary>Reads an evidence file back; throws <see cref="FormatException"/> when a line is not an evidence line.</summary>
    public static EvidenceFile Parse(ReadOnlySpan<byte> content)
    {
        var lines = new List<EvidenceLine>();
        var number = 0;
        while (!content.IsEmpty)
        {
            number++;
            var end = content.IndexOf((byte)'\n');
            if (end < 0)
            {
                throw new FormatException($"Evidence line {number} does not end with a line feed.");
            }

            try
            {
                var reader = new Utf8JsonReader(content[..end]);
                using var document = JsonDocument.ParseValue(ref reader);
                var root = document.RootElement;
                lines.Add(EvidenceLine.FromText(
                    root.GetProperty("tenant").GetString()!,
                    root.GetProperty("unit").GetString()!,
                    root.GetProperty("dimension").GetString(),
                    root.GetProperty("qualifier").GetString()!,
                    root.GetProperty("detail").GetString()));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
            {
                throw new FormatException($"Evidence line {number} is not an evidence line: {e.Message}", e);
            }

            content = content[(end + 1)..];
        }

        return Build(lines);
    }

    /// <summary>The reference an invoice carries to this file stored at <paramref name="blobName"/>.</summary>
    public EvidenceReference Reference(string blobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        return new EvidenceReference(blobName, LineCount, Sha256);
    }
}

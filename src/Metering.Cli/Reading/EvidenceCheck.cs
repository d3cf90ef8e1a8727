using System.Globalization;
using System.Security.Cryptography;
using Metering.Cli.Failures;
using Metering.Domain.Invoices;
using Metering.Domain.Ports;

namespace Metering.Cli.Reading;

/// <summary>
/// Checks an invoice's evidence file against the SHA-256 and line count the invoice states, streaming it (a window
/// may count a million units): what <c>invoices evidence</c> and <c>GET /invoices/.../evidence</c> do before they
/// print a line of it.
/// </summary>
public static class EvidenceCheck
{
    /// <summary>Reads the whole file once; throws <see cref="EvidenceMismatchException"/> when it differs or is missing.</summary>
    public static Task VerifyAsync(IInvoiceStore store, EvidenceReference evidence, string invoice, CancellationToken cancellationToken) =>
        CopyCheckedAsync(store, evidence, invoice, Stream.Null, cancellationToken);

    /// <summary>
    /// Copies the file to <paramref name="destination"/> in one read, checking it as it goes; throws
    /// <see cref="EvidenceMismatchException"/> at the end when it differs (the caller discards what was copied) or at
    /// once when it is missing.
    /// </summary>
    public static async Task CopyCheckedAsync(IInvoiceStore store, EvidenceReference evidence, string invoice, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(destination);
        await using var content = await store.OpenEvidenceAsync(evidence.BlobName, cancellationToken)
            ?? throw new EvidenceMismatchException($"the evidence file {evidence.BlobName} that {invoice} names is missing.");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long lines = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (sha256 != evidence.Sha256 || lines != evidence.Lines)
        {
            throw new EvidenceMismatchException(string.Create(CultureInfo.InvariantCulture,
                $"the evidence file {evidence.BlobName} does not match {invoice}: the invoice states SHA-256 {evidence.Sha256} and {evidence.Lines} line(s), the file has SHA-256 {sha256} and {lines} line(s). Nothing of it is printed."));
        }
    }

    /// <summary>Opens the file again after <see cref="VerifyAsync"/>, for printing.</summary>
    public static async Task<Stream> OpenAsync(IInvoiceStore store, EvidenceReference evidence, string invoice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(evidence);
        return await store.OpenEvidenceAsync(evidence.BlobName, cancellationToken)
            ?? throw new EvidenceMismatchException($"the evidence file {evidence.BlobName} of {invoice} disappeared while it was read.");
    }
}

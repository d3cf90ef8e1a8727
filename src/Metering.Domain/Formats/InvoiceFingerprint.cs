using System.Security.Cryptography;
using Metering.Domain.Invoices;

namespace Metering.Domain.Formats;

/// <summary>
/// The content fingerprint of an invoice: the SHA-256 (64 lowercase hex digits) of the compact canonical JSON of
/// everything that is billing content — tenants, contract version, template, parameters, rule and policies, the
/// window, figures and breakdown, commercial lines, anomalies, notes and the evidence's line count and hash. It
/// leaves out what only says which revision this is or when it was made: invoice id, revision, supersedes,
/// delta, late-event counts, the evidence blob name (it names the revision) and the generation timestamp. The
/// close compares fingerprints to decide whether a recomputation changed anything; unchanged means no new revision.
/// </summary>
public static class InvoiceFingerprint
{
    /// <summary>The fingerprint of an invoice.</summary>
    public static string Compute(Invoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        return Convert.ToHexStringLower(SHA256.HashData(InvoiceJson.WriteContent(invoice)));
    }

    /// <summary>Whether two invoices have the same billing content (equal fingerprints): a recomputation that changed nothing writes no new revision.</summary>
    public static bool SameContent(Invoice one, Invoice other)
    {
        ArgumentNullException.ThrowIfNull(one);
        ArgumentNullException.ThrowIfNull(other);
        return Compute(one) == Compute(other);
    }
}

namespace Metering.Domain.Invoices;

/// <summary>Where an invoice's evidence file is and how to check it.</summary>
/// <param name="BlobName">The blob name of the evidence file, beside the invoice.</param>
/// <param name="Lines">Its number of lines: one per counted unit.</param>
/// <param name="Sha256">The SHA-256 of its bytes, 64 lowercase hex digits.</param>
public sealed record EvidenceReference(string BlobName, long Lines, string Sha256);

using Metering.Domain.Contracts;
using NodaTime;

namespace Metering.Domain.Closing;

/// <summary>What the last close of one window saw and wrote.</summary>
/// <param name="Contract">The contract.</param>
/// <param name="WindowId">The window.</param>
/// <param name="Revision">The latest revision published for it.</param>
/// <param name="Fingerprint">That revision's content fingerprint.</param>
/// <param name="TouchRecords">Late-event touch records of the window's days the close had seen.</param>
/// <param name="ContractDigest">A digest of the contract document it closed under: an amendment changes it.</param>
/// <param name="CheckedAt">When the close ran (its clock).</param>
public sealed record CloseRecord(ContractId Contract, string WindowId, int Revision, string Fingerprint, long TouchRecords, string ContractDigest, Instant CheckedAt);

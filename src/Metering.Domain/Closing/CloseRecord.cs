using Metering.Domain.Contracts;
using NodaTime;

namespace Metering.Domain.Closing;

/// <summary>What the last close of one window's invoice, or of one statement period of it, saw and wrote.</summary>
/// <param name="Contract">The contract.</param>
/// <param name="WindowId">The window.</param>
/// <param name="Revision">The latest revision published for it.</param>
/// <param name="Fingerprint">That revision's content fingerprint.</param>
/// <param name="TouchRecords">Late-event touch records of the window's days the close had seen.</param>
/// <param name="ContractDigest">A digest of the contract document it closed under: an amendment changes it.</param>
/// <param name="CheckedAt">When the close ran (its clock).</param>
/// <param name="PeriodId">The statement period, or null for the window's invoice.</param>
public sealed record CloseRecord(ContractId Contract, string WindowId, int Revision, string Fingerprint, long TouchRecords, string ContractDigest, Instant CheckedAt, string? PeriodId = null)
{
    /// <summary>The record's key among a contract's records: the window id, or <c>{window id}:{period id}</c> for a statement.</summary>
    public string Key => KeyOf(WindowId, PeriodId);

    /// <summary>The key of a window's invoice record (<paramref name="periodId"/> null) or of a statement period's.</summary>
    public static string KeyOf(string windowId, string? periodId) => periodId is null ? windowId : $"{windowId}:{periodId}";
}

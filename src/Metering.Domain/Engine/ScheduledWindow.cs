using Metering.Domain.Contracts;
using Metering.Domain.Rules;
using Metering.Domain.Windows;

namespace Metering.Domain.Engine;

/// <summary>
/// One window a contract closes: its local days, the contract version that governs every one of those days (the
/// invoice cites it), and what the close must read to measure it.
/// </summary>
/// <param name="Window">The window, clipped to the term and to the version.</param>
/// <param name="Version">The governing version.</param>
/// <param name="Needs">The presence months, fact history and session months to read, for each tenant of the contract.</param>
public sealed record ScheduledWindow(BillingWindow Window, ContractVersion Version, DataNeeds Needs);

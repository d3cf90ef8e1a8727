namespace Metering.Domain.Commercial;

/// <summary>
/// One commercial line of an invoice. <see cref="Amount"/> is already rounded half away from zero to the
/// currency's minor unit; the unit price is kept as the contract gives it (it may have more digits).
/// </summary>
/// <param name="Code">A code of <see cref="LineCode"/>.</param>
/// <param name="Description">What the line charges, for a human reader.</param>
/// <param name="Quantity">The units charged (1 for a minimum adjustment).</param>
/// <param name="UnitPrice">The price of one unit; for a true forward, the annual price of one Active User.</param>
/// <param name="Amount">The rounded amount: quantity × unit price (× prorated months / 12 for a true forward).</param>
/// <param name="ProratedMonths">For a true forward: the whole months left in the term that the annual price is prorated over; null otherwise.</param>
public sealed record InvoiceLine(string Code, string Description, long Quantity, decimal UnitPrice, decimal Amount, int? ProratedMonths = null);

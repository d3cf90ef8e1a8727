namespace Metering.Domain.Invoices;

/// <summary>
/// How one figure or amount moved from the superseded revision to this one. A figure or line absent from one
/// side has a null value there and counts as zero in <see cref="Change"/>.
/// </summary>
/// <param name="Name">What moved: <c>quantity</c>, <c>figures.active-users</c>, <c>subWindows.{id}</c>, <c>dimensions.{value}</c>, <c>trueForward.increase</c>, <c>lines.{code}</c>, <c>total</c>.</param>
/// <param name="Previous">The value on the superseded revision, or null.</param>
/// <param name="Current">The value on this revision, or null.</param>
/// <param name="Change">Current minus previous (negative when it went down).</param>
public sealed record DeltaEntry(string Name, decimal? Previous, decimal? Current, decimal Change);

namespace Metering.Domain.Events;

/// <summary>One problem with one input event.</summary>
/// <param name="Code">A stable code from <see cref="RejectionReason"/>.</param>
/// <param name="Attribute">The attribute or data field concerned (<c>time</c>, <c>data.origin</c>), or null for the whole event.</param>
/// <param name="Message">A sentence for a human reader.</param>
public sealed record ValidationError(string Code, string? Attribute, string Message);

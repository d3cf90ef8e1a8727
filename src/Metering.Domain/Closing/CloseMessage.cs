namespace Metering.Domain.Closing;

/// <summary>A received close request with what the queue needs to complete it.</summary>
/// <param name="Request">The request.</param>
/// <param name="DequeueCount">How many times it has been received, this time included.</param>
/// <param name="Receipt">The queue's handle for completing it.</param>
public sealed record CloseMessage(CloseRequest Request, long DequeueCount, object Receipt);

using Metering.Pipeline.Closing;
using Metering.Storage.Closing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metering.Functions;

/// <summary>
/// Closes one window per queue message and publishes its invoice, or, when the message names a statement period, that
/// period's interim statement (the same scheduler enqueues both; docs/closing.md "Statements"). The invoice is written with the Blob SDK, not a
/// blob output binding: an output binding overwrites, while a revision must be created write-once
/// (<c>If-None-Match: *</c>) so that duplicated messages and concurrent instances publish one revision
/// (docs/closing.md). A throw leaves the message to the host's retries and, after <c>maxDequeueCount</c>
/// (host.json), its poison queue.
/// </summary>
public sealed partial class CloseWindowFunction(WindowCloser closer, ILogger<CloseWindowFunction> logger)
{
    /// <summary>
    /// Closes the window the message names. When the window then has a revision (written now, or confirmed
    /// unchanged), a notice goes to the <c>published</c> queue for <see cref="PublishLatestFunction"/> (a statement sends
    /// none: it has no stable name, being read by its revision): sending it on
    /// an unchanged close too repairs a stable name whose earlier notice was lost. A message that is not a close
    /// request is moved, as it was received, to the close queue's poison queue rather than retried.
    /// </summary>
    [Function("close-window")]
    public async Task<CloseWindowOutput> RunAsync([QueueTrigger("%CloseQueue%", Connection = "Storage")] string message, CancellationToken cancellationToken)
    {
        if (!CloseRequestJson.TryRead(message, out var request))
        {
            LogNotARequest(logger, message);
            return new CloseWindowOutput { Rejected = message };
        }

        var outcome = await closer.CloseAsync(request, cancellationToken);
        return new CloseWindowOutput
        {
            Published = outcome is { Status: not CloseStatus.Skipped, Revision: { } revision } ? PublishedRevisionJson.Write(revision) : null,
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Not a close request; moved to the poison queue: {Message}")]
    private static partial void LogNotARequest(ILogger logger, string message);
}

/// <summary>The queue messages a close sends; a null property sends nothing.</summary>
public sealed class CloseWindowOutput
{
    /// <summary>The publication notice, when the window has a revision.</summary>
    [QueueOutput("%PublishedQueue%", Connection = "Storage")]
    public string? Published { get; init; }

    /// <summary>A message that is not a close request, kept as received in the poison queue the host also uses.</summary>
    [QueueOutput("%CloseQueue%-poison", Connection = "Storage")]
    public string? Rejected { get; init; }
}

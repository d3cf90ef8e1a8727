using Metering.Pipeline.Closing;
using Metering.Storage.Closing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metering.Functions;

/// <summary>
/// Copies a window's newest revision to its stable name, <c>{tenant}/{contract}/{window}/latest.json</c> in the
/// <c>latest</c> container, through a blob output binding (the host overwrites it), when a close announces a revision.
/// Revisions themselves stay write-once in the <c>invoices</c> container.
/// </summary>
/// <remarks>
/// What is written is the newest revision listed when the function runs, not the one the notice names: a stale notice
/// (r2, arriving after r3) writes r3. The host writes the returned bytes after the function returns, unconditionally;
/// so two notices for one window that run at the same moment could still land in the wrong order (the older write
/// last). The next close of that window sends a notice again, and docs/operations.md says how to check a stable name
/// against the newest revision. Billing systems that must never read a superseded figure read the revision named in
/// the document (<c>revision</c>) or list the revisions.
/// </remarks>
public sealed partial class PublishLatestFunction(LatestRevision latest, ILogger<PublishLatestFunction> logger)
{
    /// <summary>The newest revision's JSON, or null (nothing written) for a notice that names no revision.</summary>
    [Function("publish-latest")]
    [BlobOutput("%LatestContainer%/{tenant}/{contract}/{window}/latest.json", Connection = "Storage")]
    public async Task<byte[]?> RunAsync([QueueTrigger("%PublishedQueue%", Connection = "Storage")] string message, CancellationToken cancellationToken)
    {
        if (!PublishedRevisionJson.TryRead(message, out var published))
        {
            LogNotANotice(logger, message);
            return null;
        }

        var newest = await latest.ResolveAsync(published, cancellationToken);
        return newest?.Json.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Not a publication notice; nothing written: {Message}")]
    private static partial void LogNotANotice(ILogger logger, string message);
}

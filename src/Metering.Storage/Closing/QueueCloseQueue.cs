using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Metering.Domain.Closing;
using Metering.Domain.Ports;
using Metering.Storage.Accounts;
using NodaTime;

namespace Metering.Storage.Closing;

/// <summary>
/// The close queue on Azure Queue Storage (the <c>closes</c> queue): one message per request, the JSON of
/// <see cref="CloseRequestJson"/> in UTF-8, base64-encoded, which is what the Functions queue trigger decodes by
/// default. The adapter encodes and decodes itself rather than through the client's option, so that a message that
/// is not base64 (another producer, a hand-written test message) is removed like any other message that is not a
/// close request, instead of failing every receive until it expires.
/// </summary>
public sealed class QueueCloseQueue(StorageAccount account) : ICloseQueue
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <inheritdoc />
    public async Task EnqueueAsync(CloseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var queue = await QueueAsync(cancellationToken).ConfigureAwait(false);
        var body = Convert.ToBase64String(StrictUtf8.GetBytes(CloseRequestJson.Write(request)));
        await queue.SendMessageAsync(body, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<CloseMessage?> ReceiveAsync(Duration visibility, CancellationToken cancellationToken)
    {
        var queue = await QueueAsync(cancellationToken).ConfigureAwait(false);

        // Queue Storage counts visibility in whole seconds, at least one: a shorter time is rounded up, never down.
        var seconds = Math.Max(1, (long)Math.Ceiling(visibility.TotalSeconds));
        while (true)
        {
            QueueMessage? message = await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
            if (message is null)
            {
                return null;
            }

            if (Decode(message.Body.ToString()) is { } text && CloseRequestJson.TryRead(text, out var request))
            {
                return new CloseMessage(request, message.DequeueCount, message);
            }

            // Not a close request: nothing could ever handle it, so it is removed rather than retried forever.
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task CompleteAsync(CloseMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var queue = await QueueAsync(cancellationToken).ConfigureAwait(false);
        var received = (QueueMessage)message.Receipt;
        await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt, cancellationToken).ConfigureAwait(false);
    }

    private Task<QueueClient> QueueAsync(CancellationToken cancellationToken) => account.QueueAsync(account.Names.CloseQueue, cancellationToken);

    private static string? Decode(string body)
    {
        try
        {
            return StrictUtf8.GetString(Convert.FromBase64String(body));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
    }
}

using System.Text.Json;
using Azure.Storage.Queues.Models;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Ports;
using Metering.Storage.Accounts;
using NodaTime;

namespace Metering.Storage.Closing;

/// <summary>
/// The close queue on Azure Queue Storage (the <c>closes</c> queue): one message per request, JSON
/// <c>{"contract":"..","window":"..","reason":".."}</c>, base64-encoded as the Functions queue trigger expects.
/// </summary>
public sealed class QueueCloseQueue(StorageAccount account) : ICloseQueue
{
    /// <inheritdoc />
    public async Task EnqueueAsync(CloseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var queue = await account.QueueAsync(account.Names.CloseQueue, cancellationToken).ConfigureAwait(false);
        await queue.SendMessageAsync(CloseRequestJson.Write(request), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<CloseMessage?> ReceiveAsync(Duration visibility, CancellationToken cancellationToken)
    {
        var queue = await account.QueueAsync(account.Names.CloseQueue, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            QueueMessage? message = await queue.ReceiveMessageAsync(visibility.ToTimeSpan(), cancellationToken).ConfigureAwait(false);
            if (message is null)
            {
                return null;
            }

            if (CloseRequestJson.TryRead(message.Body.ToString(), out var request))
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
        var queue = await account.QueueAsync(account.Names.CloseQueue, cancellationToken).ConfigureAwait(false);
        var received = (QueueMessage)message.Receipt;
        await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The JSON of a close request on the queue (shared with the Functions queue trigger).</summary>
public static class CloseRequestJson
{
    /// <summary>The message text of a request.</summary>
    public static string Write(CloseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["contract"] = request.Contract.Value,
            ["window"] = request.WindowId,
            ["reason"] = request.Reason,
        });
    }

    /// <summary>Reads a message written by <see cref="Write"/>.</summary>
    public static bool TryRead(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CloseRequest? request)
    {
        request = null;
        try
        {
            var fields = JsonSerializer.Deserialize<Dictionary<string, string>>(text);
            if (fields is not null
                && fields.TryGetValue("contract", out var contract) && ContractId.TryParse(contract, out var id)
                && fields.TryGetValue("window", out var window) && !string.IsNullOrEmpty(window))
            {
                request = new CloseRequest(id.Value, window, fields.GetValueOrDefault("reason") ?? "due");
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;

namespace Metering.Storage.Closing;

/// <summary>
/// The JSON text of a close request on the queue, <c>{"contract":"..","window":"..","reason":".."}</c>, with
/// <c>"period":".."</c> when it closes a statement (shared with the Functions queue trigger, which receives it already
/// base64-decoded). A missing reason reads as <c>due</c>; a missing period, as the window's invoice.
/// </summary>
public static class CloseRequestJson
{
    /// <summary>The message text of a request.</summary>
    public static string Write(CloseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("contract", request.Contract.Value);
            writer.WriteString("window", request.WindowId);
            writer.WriteString("reason", request.Reason);
            writer.WriteOptionalString("period", request.PeriodId);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a message written by <see cref="Write"/>; false for anything that is not a close request.</summary>
    public static bool TryRead(string text, [NotNullWhen(true)] out CloseRequest? request)
    {
        ArgumentNullException.ThrowIfNull(text);
        request = null;
        try
        {
            var fields = JsonSerializer.Deserialize<Dictionary<string, string>>(text);
            if (fields is not null
                && fields.TryGetValue("contract", out var contract) && ContractId.TryParse(contract, out var id)
                && fields.TryGetValue("window", out var window) && !string.IsNullOrEmpty(window))
            {
                var period = fields.GetValueOrDefault("period");
                if (period is { Length: 0 })
                {
                    return false;
                }

                request = new CloseRequest(id.Value, window, fields.GetValueOrDefault("reason") ?? "due", period);
                return true;
            }
        }
        catch (JsonException)
        {
            // Not JSON, or not an object of strings: not a close request.
        }

        return false;
    }
}

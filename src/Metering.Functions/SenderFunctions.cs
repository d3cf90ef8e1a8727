using System.Text.Json.Nodes;
using Metering.Domain.Tenants;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;

namespace Metering.Functions;

/// <summary>
/// One ingest function per sender. Each sender (a producing app) has an event hub of its own,
/// <c>{EventHubNamePrefix}-{sender}</c>, that only its identities may send to (<c>infra/main.bicep</c>); the hub an event
/// arrived on is therefore its transport identity, which a sender cannot forge the way it can write any
/// <c>tenantid</c> or <c>source</c> in a body. This transformer rewrites the functions the worker hands the host (the
/// worker's metadata manager applies every registered transformer to its provider's metadata, whichever provider that
/// is): the <c>ingest</c> template is replaced by <c>ingest-{sender}</c> for each configured sender, the same entry point
/// bound to that sender's hub. The entry point reads the sender back from its function name.
/// </summary>
/// <remarks>
/// The template's own hub is <c>%EventHubNamePrefix%</c> alone, a hub the deployment does not create: should the host
/// ever index the template (worker indexing off), it fails closed rather than read a hub every sender may write to.
/// </remarks>
public sealed class SenderFunctions(IReadOnlyList<string> senders, string hubPrefix) : IFunctionMetadataTransformer
{
    /// <summary>The name of the template function the generator emits for <see cref="IngestFunction"/>.</summary>
    public const string Template = "ingest";

    private const string Prefix = Template + "-";

    /// <summary>The function name of <paramref name="sender"/>'s ingest.</summary>
    public static string FunctionName(string sender) => Prefix + sender;

    /// <summary>The event hub <paramref name="sender"/> sends to.</summary>
    public static string HubName(string hubPrefix, string sender) => $"{hubPrefix}-{sender}";

    /// <summary>
    /// The sender of an ingest function, from its name; null for the template itself (an event read by it has no
    /// sender this app knows, and is recorded for no tenant).
    /// </summary>
    public static string? SenderOf(string functionName)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        return functionName.StartsWith(Prefix, StringComparison.Ordinal) && SenderIds.IsValid(functionName[Prefix.Length..])
            ? functionName[Prefix.Length..]
            : null;
    }

    /// <inheritdoc />
    public string Name => nameof(SenderFunctions);

    /// <inheritdoc />
    public void Transform(IList<IFunctionMetadata> original)
    {
        ArgumentNullException.ThrowIfNull(original);
        for (var index = original.Count - 1; index >= 0; index--)
        {
            var function = original[index];
            if (function.Name != Template)
            {
                continue;
            }

            original.RemoveAt(index);
            foreach (var sender in senders)
            {
                original.Add(new DefaultFunctionMetadata
                {
                    Name = FunctionName(sender),
                    EntryPoint = function.EntryPoint,
                    ScriptFile = function.ScriptFile,
                    Language = function.Language,
                    IsProxy = function.IsProxy,
                    ManagedDependencyEnabled = function.ManagedDependencyEnabled,
                    Retry = function.Retry,
                    RawBindings = function.RawBindings?.Select(b => OnHub(b, HubName(hubPrefix, sender))).ToList(),
                });
            }
        }
    }

    private static string OnHub(string rawBinding, string hub)
    {
        var binding = JsonNode.Parse(rawBinding)!.AsObject();
        if (binding["type"]?.GetValue<string>() == "eventHubTrigger")
        {
            binding["eventHubName"] = hub;
        }

        return binding.ToJsonString();
    }
}

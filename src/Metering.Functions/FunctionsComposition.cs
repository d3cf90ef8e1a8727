using Azure.Core;
using Metering.Domain.Tenants;
using Metering.Hosting.Composition;
using Metering.Hosting.Settings;
using Metering.Storage.Accounts;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Functions;

/// <summary>
/// The Functions app's services: the <see cref="MeteringServiceCollectionExtensions.AddMetering"/> composition every host
/// uses, from the app settings, after checking that the settings the bindings name agree with the storage names the
/// handlers use (a close queue the timer fills but no trigger reads would close nothing, silently), and the functions
/// the worker hands the host: one ingest per configured sender (<see cref="SenderFunctions"/>).
/// </summary>
public static class FunctionsComposition
{
    /// <summary>The app settings of the bindings that name storage queues and containers, with the name each must hold.</summary>
    public static IReadOnlyList<(string Setting, string Expected)> BindingNames(StorageNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return
        [
            ("CloseQueue", names.CloseQueue),
            ("PublishedQueue", names.PublishedQueue),
            ("LatestContainer", names.Latest),
        ];
    }

    /// <summary>
    /// Registers the pipeline; throws <see cref="InvalidOperationException"/> listing every setting that is missing or
    /// disagrees. <paramref name="configureClients"/> adjusts the storage clients' options (tests inject faults there).
    /// </summary>
    public static IServiceCollection AddMeteringFunctions(this IServiceCollection services, IConfiguration configuration, Action<ClientOptions>? configureClients = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = MeteringSettings.FromConfiguration(configuration);
        var names = new StorageNames(settings.StoragePrefix);
        var problems = BindingNames(names)
            .Where(b => configuration[b.Setting] != b.Expected)
            .Select(b => $"App setting {b.Setting} is '{configuration[b.Setting]}' but must be '{b.Expected}' (Storage:Prefix '{names.Prefix}').")
            .ToList();
        var senders = SendersOf(configuration, problems);
        if (settings.AsOf is not null)
        {
            // A frozen clock would put every batch's archive on one day, dead-letter later events as future-time and
            // close nothing new: the command line's --as-of is for runs by hand, never for the deployed app.
            problems.Add("App setting Clock:AsOf is set: the Functions app runs on the system clock only; remove it.");
        }

        var hubPrefix = configuration[HubPrefixSetting];
        if (string.IsNullOrWhiteSpace(hubPrefix))
        {
            problems.Add($"App setting {HubPrefixSetting} is missing: the senders' event hubs are named {{{HubPrefixSetting}}}-{{sender}}.");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }

        // The worker's metadata manager applies every transformer to the generated functions: one ingest per sender.
        services.AddSingleton<IFunctionMetadataTransformer>(new SenderFunctions(senders, hubPrefix!));
        return services.AddMetering(settings, configureClients);
    }

    /// <summary>The app setting that lists the senders, separated by commas, semicolons or spaces.</summary>
    public const string SendersSetting = "Senders";

    /// <summary>The app setting that prefixes every sender's event hub name.</summary>
    public const string HubPrefixSetting = "EventHubNamePrefix";

    /// <summary>The senders the <see cref="SendersSetting"/> setting lists, in order, each once; problems for a bad or empty list.</summary>
    public static IReadOnlyList<string> SendersOf(IConfiguration configuration, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(problems);
        var listed = (configuration[SendersSetting] ?? string.Empty).Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var bad in listed.Where(s => !SenderIds.IsValid(s)))
        {
            problems.Add($"App setting {SendersSetting}: '{bad}' is not a sender id ({SenderIds.Syntax}).");
        }

        if (listed.Length == 0)
        {
            problems.Add($"App setting {SendersSetting} lists no sender: every event hub the app reads belongs to one sender (docs/architecture.md, \"Senders\").");
        }

        return listed.Where(SenderIds.IsValid).Distinct(StringComparer.Ordinal).ToArray();
    }
}

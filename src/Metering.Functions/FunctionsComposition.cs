using Azure.Core;
using Metering.Hosting.Composition;
using Metering.Hosting.Settings;
using Metering.Storage.Accounts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Functions;

/// <summary>
/// The Functions app's services: the <see cref="MeteringServiceCollectionExtensions.AddMetering"/> composition every host
/// uses, from the app settings, after checking that the settings the bindings name agree with the storage names the
/// handlers use (a close queue the timer fills but no trigger reads would close nothing, silently).
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
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }

        return services.AddMetering(settings, configureClients);
    }
}

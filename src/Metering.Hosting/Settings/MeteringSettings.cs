using System.Globalization;
using Metering.Domain.Events;
using Metering.Hosting.Scheduling;
using Metering.Storage.Accounts;
using Microsoft.Extensions.Configuration;
using NodaTime;
using NodaTime.Text;

namespace Metering.Hosting.Settings;

/// <summary>
/// The settings every host shares. From configuration (<see cref="FromConfiguration"/>):
/// <list type="bullet">
/// <item><c>Storage:ConnectionString</c> (or <c>Storage</c> itself): a connection string (the emulator's
/// <c>UseDevelopmentStorage=true</c>, or its endpoints); for development and tests, since it may hold a key;</item>
/// <item>or <c>Storage:AccountName</c> (service URIs <c>https://{name}.{table|blob|queue}.core.windows.net</c>) or
/// <c>Storage:TableServiceUri</c>, <c>Storage:BlobServiceUri</c>, <c>Storage:QueueServiceUri</c>, reached with a
/// managed identity (<c>Storage:ManagedIdentityClientId</c> for a user-assigned one): no key in settings;</item>
/// <item><c>Storage:Prefix</c>: the name prefix of tables and containers (<see cref="StorageNames"/>);</item>
/// <item><c>Storage:MaxConcurrentPartitions</c>: partitions written at once by one batch (default 8);</item>
/// <item><c>Ingest:BatchSize</c>: events per batch when a host cuts input into batches (default 50,000);</item>
/// <item><c>Ingest:TenantCacheSeconds</c>: how long ingest reuses the tenant directory (default 60);</item>
/// <item><c>Ingest:MaxEventAgeDays</c>: the oldest-event horizon, in days before the receipt (default 1,096);</item>
/// <item><c>Ingest:DuplicateHorizonDays</c>: how long the content first counted for an event's <c>source</c> and <c>id</c> stands against a
/// reuse of them, in days after its receipt (default 1,096);</item>
/// <item><c>Clock:AsOf</c>: an ISO-8601 instant to run as if it were now (default: the system clock);</item>
/// <item><c>CloseSchedule</c> (the Functions timer reads the same app setting, <c>%CloseSchedule%</c>): when the close's schedule step runs, an NCRONTAB expression with seconds
/// (default <c>0 */15 * * * *</c>), the same setting as the Functions timer's.</item>
/// </list>
/// </summary>
public sealed record MeteringSettings
{
    /// <summary>The connection string of the local storage emulator.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>A storage connection string.</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>A storage account name, reached with a managed identity.</summary>
    public string? StorageAccountName { get; init; }

    /// <summary>The Table service URI (with a managed identity).</summary>
    public Uri? TableServiceUri { get; init; }

    /// <summary>The Blob service URI (with a managed identity).</summary>
    public Uri? BlobServiceUri { get; init; }

    /// <summary>The Queue service URI (with a managed identity).</summary>
    public Uri? QueueServiceUri { get; init; }

    /// <summary>The client id of a user-assigned managed identity; the system-assigned one when null.</summary>
    public string? ManagedIdentityClientId { get; init; }

    /// <summary>The name prefix of tables and containers.</summary>
    public string StoragePrefix { get; init; } = string.Empty;

    /// <summary>Partitions one batch writes at the same time.</summary>
    public int MaxConcurrentPartitions { get; init; } = 8;

    /// <summary>Events per batch when a host cuts its input into batches: large, so that batches (and their ids) stay the same across runs.</summary>
    public int IngestBatchSize { get; init; } = 50_000;

    /// <summary>How long ingest reuses a loaded tenant directory.</summary>
    public Duration TenantCacheTimeToLive { get; init; } = Duration.FromMinutes(1);

    /// <summary>The longest oldest-event horizon, in days: a thousand years.</summary>
    public const int MaximumEventAgeDays = 365_250;

    /// <summary>The oldest-event horizon: an event further before its receipt is dead-lettered as <c>too-old</c>.</summary>
    public Duration MaximumEventAge { get; init; } = CloudEventParser.DefaultMaximumAge;

    /// <summary>
    /// The duplicate horizon: for this long after its receipt, the content first counted for an event's <c>source</c> and
    /// <c>id</c> stands, and a copy with other content is dead-lettered as <c>conflicting-duplicate</c>.
    /// </summary>
    public Duration DuplicateHorizon { get; init; } = Duration.FromDays(DefaultDuplicateHorizonDays);

    /// <summary>The default duplicate horizon, in days: three years, as long as the default oldest-event horizon.</summary>
    public const int DefaultDuplicateHorizonDays = 1_096;

    /// <summary>When set, the pipeline runs as if it were this instant.</summary>
    public Instant? AsOf { get; init; }

    /// <summary>When the close's schedule step runs (NCRONTAB with seconds, UTC).</summary>
    public string CloseSchedule { get; init; } = Scheduling.CloseSchedule.DefaultExpression;

    /// <summary>Reads the settings from configuration; throws <see cref="FormatException"/> on an ill-formed value.</summary>
    public static MeteringSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new MeteringSettings();
        return new MeteringSettings
        {
            // "Storage" itself may hold the connection string: that is how the Functions host's queue trigger
            // (Connection = "Storage") and local.settings.json name the emulator.
            StorageConnectionString = NonEmpty(configuration["Storage:ConnectionString"]) ?? NonEmpty(configuration["Storage"]),
            StorageAccountName = NonEmpty(configuration["Storage:AccountName"]),
            TableServiceUri = UriOf(configuration, "Storage:TableServiceUri"),
            BlobServiceUri = UriOf(configuration, "Storage:BlobServiceUri"),
            QueueServiceUri = UriOf(configuration, "Storage:QueueServiceUri"),
            ManagedIdentityClientId = NonEmpty(configuration["Storage:ManagedIdentityClientId"]),
            StoragePrefix = configuration["Storage:Prefix"] ?? string.Empty,
            MaxConcurrentPartitions = IntOf(configuration, "Storage:MaxConcurrentPartitions") ?? defaults.MaxConcurrentPartitions,
            IngestBatchSize = IntOf(configuration, "Ingest:BatchSize") ?? defaults.IngestBatchSize,
            TenantCacheTimeToLive = IntOf(configuration, "Ingest:TenantCacheSeconds") is { } seconds
                ? Duration.FromSeconds(seconds)
                : defaults.TenantCacheTimeToLive,
            MaximumEventAge = IntOf(configuration, "Ingest:MaxEventAgeDays") is { } days
                ? Duration.FromDays(Math.Clamp(days, 0, MaximumEventAgeDays + 1))
                : defaults.MaximumEventAge,
            DuplicateHorizon = IntOf(configuration, "Ingest:DuplicateHorizonDays") is { } horizon
                ? Duration.FromDays(Math.Clamp(horizon, 0, MaximumEventAgeDays + 1))
                : defaults.DuplicateHorizon,
            AsOf = NonEmpty(configuration["Clock:AsOf"]) is { } asOf ? ParseInstant(asOf) : null,
            CloseSchedule = NonEmpty(configuration["CloseSchedule"]) ?? defaults.CloseSchedule,
        };
    }

    /// <summary>Parses an ISO-8601 instant with an offset (<c>2024-03-01T12:00:00Z</c>, <c>2024-03-01T13:00:00+01:00</c>).</summary>
    public static Instant ParseInstant(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = OffsetDateTimePattern.ExtendedIso.Parse(text);
        return result.Success
            ? result.Value.ToInstant()
            : throw new FormatException($"'{text}' is not an ISO-8601 instant with an offset, such as 2024-03-01T12:00:00Z.");
    }

    /// <summary>Every problem with these settings; empty when they can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var hasUris = TableServiceUri is not null || BlobServiceUri is not null || QueueServiceUri is not null;
        if (StorageConnectionString is null && StorageAccountName is null && !hasUris)
        {
            problems.Add("No storage account: set Storage:ConnectionString, Storage:AccountName or the Storage:*ServiceUri settings.");
        }

        if (StorageConnectionString is not null && (StorageAccountName is not null || hasUris))
        {
            problems.Add("Storage:ConnectionString and Storage:AccountName/ServiceUri settings exclude each other.");
        }

        if (StorageConnectionString is null && StorageAccountName is null && hasUris
            && (TableServiceUri is null || BlobServiceUri is null || QueueServiceUri is null))
        {
            problems.Add("Without Storage:AccountName, all three of Storage:TableServiceUri, BlobServiceUri and QueueServiceUri are needed.");
        }

        // Checked here, at start-up: the clients are made on first use, and a host whose every use fails would take each
        // event batch into a failed invocation (the Event Hubs trigger moves past it) instead of refusing to start.
        if (StorageAccountName is { } account && !IsStorageAccountName(account))
        {
            problems.Add($"Storage:AccountName '{account}' is not a storage account name (3 to 24 lowercase letters and digits; not a host name).");
        }

        foreach (var (key, uri) in new[] { ("TableServiceUri", TableServiceUri), ("BlobServiceUri", BlobServiceUri), ("QueueServiceUri", QueueServiceUri) })
        {
            if (uri is not null && uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            {
                problems.Add($"Storage:{key} '{uri}' must be an https URI (http only on a loopback address, for the emulator).");
            }
        }

        if (StorageConnectionString is { } connection && ConnectionProblem(connection) is { } connectionProblem)
        {
            problems.Add($"Storage:ConnectionString is not a usable storage connection string: {connectionProblem}");
        }

        if (!StorageNames.IsValidPrefix(StoragePrefix, out var prefixProblem))
        {
            problems.Add(prefixProblem);
        }

        if (IngestBatchSize < 1)
        {
            problems.Add("Ingest:BatchSize must be at least 1.");
        }

        if (MaxConcurrentPartitions < 1)
        {
            problems.Add("Storage:MaxConcurrentPartitions must be at least 1.");
        }

        if (TenantCacheTimeToLive < Duration.Zero)
        {
            problems.Add("Ingest:TenantCacheSeconds cannot be negative.");
        }

        if (MaximumEventAge < Duration.FromDays(1) || MaximumEventAge > Duration.FromDays(MaximumEventAgeDays))
        {
            problems.Add($"Ingest:MaxEventAgeDays must be from 1 to {MaximumEventAgeDays} (a thousand years).");
        }

        if (DuplicateHorizon < Duration.FromDays(1) || DuplicateHorizon > Duration.FromDays(MaximumEventAgeDays))
        {
            problems.Add($"Ingest:DuplicateHorizonDays must be from 1 to {MaximumEventAgeDays} (a thousand years).");
        }

        if (!Scheduling.CloseSchedule.TryParse(CloseSchedule, out _, out var scheduleProblem))
        {
            problems.Add("CloseSchedule: " + scheduleProblem);
        }

        return problems;
    }

    /// <summary>Whether <paramref name="name"/> is a storage account name: 3 to 24 lowercase letters and digits.</summary>
    public static bool IsStorageAccountName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length is >= 3 and <= 24 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    // The clients' own reading of the string (they are only made, nothing is sent): its message, or null when it reads.
    private static string? ConnectionProblem(string connection)
    {
        try
        {
            _ = StorageAccount.FromConnectionString(connection, StorageNames.Default);
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    private static Uri? UriOf(IConfiguration configuration, string key) =>
        NonEmpty(configuration[key]) is { } text
            ? Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : throw new FormatException($"{key} '{text}' is not an absolute URI.")
            : null;

    private static int? IntOf(IConfiguration configuration, string key) =>
        NonEmpty(configuration[key]) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"{key} '{text}' is not a whole number.")
            : null;
}

using System.CommandLine;
using Metering.Cli.Failures;
using Metering.Hosting.Composition;
using Metering.Hosting.Settings;
using Metering.Storage.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Cli.Commands;

/// <summary>
/// The options every command shares: which storage account (<c>--storage</c>, else <c>METERING_STORAGE</c>, else the
/// local emulator), which name prefix (<c>--prefix</c>, else <c>METERING_PREFIX</c>), <c>--as-of</c>, and the
/// oldest-event horizon (<c>--max-event-age-days</c>).
/// </summary>
public sealed class GlobalOptions
{
    /// <summary>The environment variable naming the storage connection string.</summary>
    public const string StorageVariable = "METERING_STORAGE";

    /// <summary>The environment variable naming the storage prefix.</summary>
    public const string PrefixVariable = "METERING_PREFIX";

    /// <summary>The environment variable naming a storage account reached with Entra ID instead of a connection string.</summary>
    public const string StorageAccountVariable = "METERING_STORAGE_ACCOUNT";

    /// <summary><c>--storage</c>.</summary>
    public Option<string?> Storage { get; } = new("--storage")
    {
        Description = $"Storage connection string (default: ${StorageVariable}, else the local emulator, {MeteringSettings.DevelopmentStorage}).",
        Recursive = true,
    };

    /// <summary>
    /// <c>--storage-account</c>: a storage account reached with the caller's Entra ID identity (the Azure CLI's sign-in, environment credentials or
    /// a managed identity): how an operator reaches a deployed account, which refuses shared keys.
    /// </summary>
    public Option<string?> StorageAccount { get; } = new("--storage-account")
    {
        Description = $"Storage account name, reached with your Entra ID sign-in (az login) instead of a connection string (default: ${StorageAccountVariable}); not with --storage.",
        Recursive = true,
    };

    /// <summary><c>--prefix</c>.</summary>
    public Option<string?> Prefix { get; } = new("--prefix")
    {
        Description = $"Prefix of table and container names (default: ${PrefixVariable}, else none).",
        Recursive = true,
    };

    /// <summary><c>--max-event-age-days</c>.</summary>
    public Option<int?> MaxEventAgeDays { get; } = new("--max-event-age-days")
    {
        Description = "The oldest-event horizon: an event whose time is more than this many days before its receipt is dead-lettered as too-old (default 1096). A backfill of older history, and a replay of it, raise it.",
        Recursive = true,
    };

    /// <summary><c>--duplicate-horizon-days</c>.</summary>
    public Option<int?> DuplicateHorizonDays { get; } = new("--duplicate-horizon-days")
    {
        Description = "How many days after its receipt the content first counted for an event's source and id stands: a copy with other content is dead-lettered as conflicting-duplicate (default 1096).",
        Recursive = true,
    };

    /// <summary><c>--as-of</c>.</summary>
    public Option<string?> AsOf { get; } = new("--as-of")
    {
        Description = "Run as if it were this ISO-8601 instant (e.g. 2024-03-01T12:00:00Z): ingest's future-time check and arrival stamps, and the instant close closes as of.",
        Recursive = true,
    };

    /// <summary>Adds the options to the root command.</summary>
    public void AddTo(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Options.Add(Storage);
        root.Options.Add(StorageAccount);
        root.Options.Add(Prefix);
        root.Options.Add(AsOf);
        root.Options.Add(MaxEventAgeDays);
        root.Options.Add(DuplicateHorizonDays);
    }

    /// <summary>
    /// The settings these options and the environment give. Problems are added to <paramref name="problems"/>, so
    /// that a command can report them together with its own; the settings are usable only when none were added.
    /// </summary>
    public MeteringSettings Settings(ParseResult parseResult, CliEnvironment environment, List<string> problems, int? batchSize = null)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(problems);
        // An option given wins over both variables; without one, the variables decide, and only one may be set.
        var (account, connection) = parseResult.GetValue(StorageAccount) is { } accountOption
            ? (accountOption, parseResult.GetValue(Storage))
            : parseResult.GetValue(Storage) is { } connectionOption
                ? (null, connectionOption)
                : (NonEmpty(environment.Variable(StorageAccountVariable)), NonEmpty(environment.Variable(StorageVariable)));
        if (account is not null && connection is not null)
        {
            problems.Add($"--storage-account and --storage (or, when neither is given, ${StorageAccountVariable} and ${StorageVariable}) name two ways to storage: give one.");
        }
        else if (account is not null && !MeteringSettings.IsStorageAccountName(account))
        {
            problems.Add($"--storage-account: '{account}' is not a storage account name (3 to 24 lowercase letters and digits).");
        }

        var storage = account is null ? connection ?? MeteringSettings.DevelopmentStorage : null;
        var prefix = parseResult.GetValue(Prefix) ?? NonEmpty(environment.Variable(PrefixVariable)) ?? string.Empty;
        if (!StorageNames.IsValidPrefix(prefix, out var prefixProblem))
        {
            problems.Add(prefixProblem);
        }

        NodaTime.Instant? asOf = null;
        if (parseResult.GetValue(AsOf) is { } asOfText)
        {
            try
            {
                asOf = MeteringSettings.ParseInstant(asOfText);
            }
            catch (FormatException e)
            {
                problems.Add($"--as-of: {e.Message}");
            }
        }

        if (batchSize is < 1)
        {
            problems.Add("--batch-size must be at least 1.");
        }

        var maxEventAgeDays = parseResult.GetValue(MaxEventAgeDays);
        if (maxEventAgeDays is < 1 or > MeteringSettings.MaximumEventAgeDays)
        {
            problems.Add($"--max-event-age-days must be from 1 to {MeteringSettings.MaximumEventAgeDays} (a thousand years).");
        }

        var duplicateHorizonDays = parseResult.GetValue(DuplicateHorizonDays);
        if (duplicateHorizonDays is < 1 or > MeteringSettings.MaximumEventAgeDays)
        {
            problems.Add($"--duplicate-horizon-days must be from 1 to {MeteringSettings.MaximumEventAgeDays} (a thousand years).");
        }

        var settings = new MeteringSettings
        {
            StorageConnectionString = storage,
            StorageAccountName = storage is null ? account : null,
            StoragePrefix = problems.Count == 0 ? prefix : string.Empty,
            AsOf = asOf,
        };
        if (maxEventAgeDays is { } days && days is >= 1 and <= MeteringSettings.MaximumEventAgeDays)
        {
            settings = settings with { MaximumEventAge = NodaTime.Duration.FromDays(days) };
        }

        if (duplicateHorizonDays is { } horizon && horizon is >= 1 and <= MeteringSettings.MaximumEventAgeDays)
        {
            settings = settings with { DuplicateHorizon = NodaTime.Duration.FromDays(horizon) };
        }

        return batchSize is { } size ? settings with { IngestBatchSize = size } : settings;
    }

    /// <summary>The pipeline's services for these settings.</summary>
    public static ServiceProvider Services(MeteringSettings settings, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ServiceProvider services;
        try
        {
            // The settings' own check reads the connection string as the clients will: what it refuses is the user's input.
            services = new ServiceCollection().AddMetering(settings, environment.ConfigureClients).BuildServiceProvider();
        }
        catch (ArgumentException e)
        {
            throw new InvalidInputException($"--storage: {e.Message}", e);
        }

        try
        {
            // Connecting parses the connection string: an ill-formed one is the user's input, not a storage failure.
            services.GetRequiredService<StorageAccount>();
            return services;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            services.Dispose();
            throw new InvalidInputException($"--storage: not a usable storage connection string ({e.Message})", e);
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>
    /// An ISO-8601 instant with an offset given to <paramref name="name"/> (an option, a query parameter); null when none
    /// is given, or when it is malformed, with a problem added.
    /// </summary>
    public static NodaTime.Instant? ParseInstant(string? text, string name, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (text is null)
        {
            return null;
        }

        try
        {
            return MeteringSettings.ParseInstant(text);
        }
        catch (FormatException e)
        {
            problems.Add($"{name}: {e.Message}");
            return null;
        }
    }

    /// <summary>An ISO day (yyyy-MM-dd) given to <paramref name="name"/>; null when none is given, or when it is malformed, with a problem added.</summary>
    public static NodaTime.LocalDate? ParseDay(string? text, string name, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (text is null)
        {
            return null;
        }

        var parsed = NodaTime.Text.LocalDatePattern.Iso.Parse(text);
        if (!parsed.Success)
        {
            problems.Add($"{name}: '{text}' is not a day (yyyy-MM-dd).");
            return null;
        }

        return parsed.Value;
    }

    /// <summary>A tenant filter given to <paramref name="name"/>; null when none is given, or when it is not a tenant id, with a problem added.</summary>
    public static Metering.Domain.Tenants.TenantId? ParseTenant(string? text, string name, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (text is null)
        {
            return null;
        }

        if (!Metering.Domain.Tenants.TenantId.TryParse(text, out var tenant))
        {
            problems.Add($"{name}: '{text}' is not a tenant id ([a-z0-9][a-z0-9-]{{0,62}}).");
        }

        return tenant;
    }

    /// <summary>A contract filter given to <paramref name="name"/>; null when none is given, or when it is not a contract id, with a problem added.</summary>
    public static Metering.Domain.Contracts.ContractId? ParseContract(string? text, string name, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (text is null)
        {
            return null;
        }

        if (!Metering.Domain.Contracts.ContractId.TryParse(text, out var contract))
        {
            problems.Add($"{name}: '{text}' is not a contract id ([a-z0-9][a-z0-9-]{{0,62}}).");
        }

        return contract;
    }
}

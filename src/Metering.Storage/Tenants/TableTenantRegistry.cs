using System.Collections.Immutable;
using System.Text.Json;
using Azure.Data.Tables;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Storage.Accounts;
using Metering.Storage.Transactions;
using NodaTime;

namespace Metering.Storage.Tenants;

/// <summary>
/// The tenant registry in the <c>tenants</c> table: partition <c>tenant</c>, row key the tenant id, <c>Zone</c> the
/// IANA id of the billing zone, <c>Sources</c> a JSON array of the allowed sources (sorted), <c>Senders</c> a JSON array of
/// the senders whose event hubs may deliver its events (sorted; absent on rows written before senders existed: none).
/// </summary>
public sealed class TableTenantRegistry : ITenantRegistry
{
    /// <summary>The one partition of the table: the registry is small and read whole.</summary>
    public const string Partition = "tenant";

    /// <summary>The most characters a tenant's JSON list of sources, or of senders, may take: one string property holds 32K.</summary>
    public const int MaxListCharacters = 32_000;

    /// <summary>
    /// Why <paramref name="tenant"/> cannot be stored as it is: a list of sources or senders longer than one property
    /// holds (<see cref="MaxListCharacters"/>, some 700 sources of 45 characters). Empty when it can.
    /// </summary>
    public static IEnumerable<string> Problems(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        foreach (var (name, list) in new[] { ("sources", tenant.Sources), ("senders", tenant.Senders) })
        {
            var length = JsonSerializer.Serialize(list.ToArray()).Length;
            if (length > MaxListCharacters)
            {
                yield return $"tenant {tenant.Id}: its {name} take {length:N0} characters as stored, more than the registry holds ({MaxListCharacters:N0}); list fewer (a source is a whole URI-reference, not a prefix).";
            }
        }
    }

    private readonly StorageAccount _account;
    private readonly IDateTimeZoneProvider _zones;

    /// <summary>Creates the registry over <paramref name="account"/>; zones are resolved in <paramref name="zones"/> (TZDB by default).</summary>
    public TableTenantRegistry(StorageAccount account, IDateTimeZoneProvider? zones = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        _account = account;
        _zones = zones ?? DateTimeZoneProviders.Tzdb;
    }

    /// <inheritdoc />
    public async Task<TenantDirectory> LoadAsync(CancellationToken cancellationToken)
    {
        var table = await _account.TableAsync(_account.Names.Tenants, cancellationToken);
        var tenants = new List<Tenant>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            tenants.Add(ToTenant(entity));
        }

        return new TenantDirectory(tenants);
    }

    /// <inheritdoc />
    public async Task ApplyAsync(IReadOnlyCollection<Tenant> tenants, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        if (tenants.Count == 0)
        {
            return;
        }

        if (tenants.SelectMany(Problems).ToList() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(tenants));
        }

        var table = await _account.TableAsync(_account.Names.Tenants, cancellationToken);
        var entities = tenants.OrderBy(t => t.Id).Select(ToEntity).ToList();
        foreach (var group in EntityGroupTransactions.Split(entities))
        {
            await table.SubmitTransactionAsync(
                group.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
        }
    }

    private static TableEntity ToEntity(Tenant tenant) =>
        new(Partition, tenant.Id.Value)
        {
            ["Zone"] = tenant.Zone.Id,
            ["Sources"] = JsonSerializer.Serialize(tenant.Sources.ToArray()),
            ["Senders"] = JsonSerializer.Serialize(tenant.Senders.ToArray()),
        };

    private Tenant ToTenant(TableEntity entity)
    {
        if (!TenantId.TryParse(entity.RowKey, out var id))
        {
            throw new InvalidDataException($"Tenant row '{entity.RowKey}' is not a tenant id.");
        }

        var zoneId = entity.GetString("Zone") ?? throw new InvalidDataException($"Tenant '{id}' has no Zone.");
        var zone = _zones.GetZoneOrNull(zoneId)
            ?? throw new InvalidDataException($"Tenant '{id}' has zone '{zoneId}', which this time zone database does not know.");
        var sources = JsonSerializer.Deserialize<string[]>(entity.GetString("Sources") ?? "[]")
            ?? throw new InvalidDataException($"Tenant '{id}' has no Sources.");
        var senders = JsonSerializer.Deserialize<string[]>(entity.GetString("Senders") ?? "[]")
            ?? throw new InvalidDataException($"Tenant '{id}' has a null Senders list.");
        return new Tenant(id.Value, zone, sources.ToImmutableSortedSet(StringComparer.Ordinal))
        {
            Senders = senders.ToImmutableSortedSet(StringComparer.Ordinal),
        };
    }
}

using System.Runtime.InteropServices;
using Metering.Domain.Activity;
using Metering.Domain.Events;
using Metering.Domain.Facts;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Rules;

/// <summary>
/// Everything a close has read for its windows: presence, timeline facts and session facts, filled by streaming
/// from storage. Presence records of one (tenant, month, kind, unit) are merged by OR-ing their day masks; facts
/// and session facts are deduplicated by <see cref="EventKey"/>, so a redelivered event read from two chunks counts
/// once. Two different facts under one key (a producer reusing an id, stored by two batches) keep the one with the
/// earlier time, whatever the read order; at equal times the one read first stays (docs/events.md). Memory grows
/// with distinct units and their distinct facts, never with the number of events read.
/// </summary>
/// <remarks>
/// Filling is not thread-safe. Once filled, measuring only reads, so several windows may be measured from the same
/// inputs, in any order or at once, with the same results. Units of tenants outside a contract are ignored when
/// that contract is measured.
/// </remarks>
public sealed class MeteringInputs
{
    private readonly Dictionary<(TenantId Tenant, YearMonth Month), Dictionary<(string KindKey, Subject Unit), PresenceRecord>> _presence = [];
    private readonly Dictionary<(TenantId Tenant, FactFamily Family), Dictionary<Subject, List<Fact>>> _facts = [];
    private readonly Dictionary<TenantId, Dictionary<Subject, List<Fact>>> _sessions = [];
    private readonly Dictionary<EventKey, Fact> _factsByKey = [];
    private readonly Dictionary<EventKey, Fact> _sessionsByKey = [];

    /// <summary>Distinct (tenant, month, kind, unit) presence records held.</summary>
    public int PresenceRecords { get; private set; }

    /// <summary>Distinct timeline facts held.</summary>
    public int Facts => _factsByKey.Count;

    /// <summary>Distinct session facts held.</summary>
    public int SessionFacts => _sessionsByKey.Count;

    /// <summary>Adds a presence record; the days of a record already held for the same tenant, month, kind and unit are merged in.</summary>
    public void AddPresence(PresenceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_presence.TryGetValue((record.Tenant, record.Month), out var month))
        {
            month = [];
            _presence.Add((record.Tenant, record.Month), month);
        }

        var slot = (record.Kind.Key, record.Unit);
        if (month.TryGetValue(slot, out var held))
        {
            month[slot] = held with { Days = held.Days | record.Days };
        }
        else
        {
            month.Add(slot, record);
            PresenceRecords++;
        }
    }

    /// <summary>
    /// Adds a timeline fact of any family but <see cref="FactFamily.Session"/>. Returns false when a fact with the
    /// same key is already held: the held one stays unless the new one is earlier, which then takes its place.
    /// </summary>
    public bool AddFact(Fact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        if (fact.Family == FactFamily.Session)
        {
            throw new ArgumentException("Session facts are added with AddSession.", nameof(fact));
        }

        return Keep(_factsByKey, fact, session: false);
    }

    /// <summary>
    /// Adds a session fact (family <see cref="FactFamily.Session"/>, unit = the user). Returns false when its key is
    /// already held: the held one stays unless the new one is earlier, which then takes its place.
    /// </summary>
    public bool AddSession(Fact session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Family != FactFamily.Session)
        {
            throw new ArgumentException($"A session fact has family Session, not {session.Family}.", nameof(session));
        }

        return Keep(_sessionsByKey, session, session: true);
    }

    /// <summary>The merged presence records of one tenant and month, in no particular order.</summary>
    internal IEnumerable<PresenceRecord> PresenceOf(TenantId tenant, YearMonth month) =>
        _presence.TryGetValue((tenant, month), out var records) ? records.Values : [];

    /// <summary>The units of one tenant and family with their facts (deduplicated, in arrival order).</summary>
    internal IEnumerable<KeyValuePair<Subject, List<Fact>>> TimelinesOf(TenantId tenant, FactFamily family) =>
        _facts.TryGetValue((tenant, family), out var units) ? units : [];

    /// <summary>The facts of one unit (deduplicated, in arrival order), or none.</summary>
    internal IReadOnlyList<Fact> FactsOf(TenantId tenant, FactFamily family, Subject unit) =>
        _facts.TryGetValue((tenant, family), out var units) && units.TryGetValue(unit, out var facts) ? facts : [];

    /// <summary>The users of one tenant with their session facts (deduplicated, in arrival order).</summary>
    internal IEnumerable<KeyValuePair<Subject, List<Fact>>> SessionsOf(TenantId tenant) =>
        _sessions.TryGetValue(tenant, out var users) ? users : [];

    // One lookup per fact read: a key held already (a redelivered event, or a reused id) keeps the earlier fact.
    private bool Keep(Dictionary<EventKey, Fact> byKey, Fact fact, bool session)
    {
        ref var held = ref CollectionsMarshal.GetValueRefOrAddDefault(byKey, fact.Key, out var exists);
        if (exists && fact.Time >= held!.Time)
        {
            return false;
        }

        if (exists)
        {
            Remove(session ? _sessions[held!.Tenant] : _facts[(held!.Tenant, held.Family)], held);
        }

        held = fact;
        Append(session ? UsersOf(fact) : UnitsOf(fact), fact);
        return !exists;
    }

    private Dictionary<Subject, List<Fact>> UnitsOf(Fact fact)
    {
        if (!_facts.TryGetValue((fact.Tenant, fact.Family), out var units))
        {
            units = new Dictionary<Subject, List<Fact>>();
            _facts.Add((fact.Tenant, fact.Family), units);
        }

        return units;
    }

    private Dictionary<Subject, List<Fact>> UsersOf(Fact session)
    {
        if (!_sessions.TryGetValue(session.Tenant, out var users))
        {
            users = new Dictionary<Subject, List<Fact>>();
            _sessions.Add(session.Tenant, users);
        }

        return users;
    }

    // A replaced fact leaves its unit; a unit left with no fact leaves the inputs, so no measure sees it.
    private static void Remove(Dictionary<Subject, List<Fact>> units, Fact fact)
    {
        var facts = units[fact.Unit];
        facts.Remove(fact);
        if (facts.Count == 0)
        {
            units.Remove(fact.Unit);
        }
    }

    private static void Append(Dictionary<Subject, List<Fact>> units, Fact fact)
    {
        if (!units.TryGetValue(fact.Unit, out var facts))
        {
            facts = [];
            units.Add(fact.Unit, facts);
        }

        facts.Add(fact);
    }
}

using System.Collections.Immutable;
using System.Text.Json;
using Metering.Domain.Activity;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Events;
using Metering.Domain.Facts;
using Metering.Domain.Rules;
using Metering.Domain.Tenants;
using Metering.Domain.Windows;
using NodaTime;
using NodaTime.Text;

namespace Metering.Domain.Tests.Support;

/// <summary>
/// A tenant's history written the way ingest would record it (presence per local day of the zone, facts and
/// sessions with event keys), plus contracts over it. Tests state events in the contract's words and measure.
/// </summary>
internal sealed class Scenario
{
    private readonly List<PresenceRecord> _presence = [];
    private readonly List<Fact> _facts = [];
    private readonly List<Fact> _sessions = [];
    private int _events;

    public Scenario(string zone = "UTC", string tenant = "acme")
    {
        Zone = DateTimeZoneProviders.Tzdb[zone];
        Tenant = TenantId.Parse(tenant);
    }

    public DateTimeZone Zone { get; }

    public TenantId Tenant { get; }

    public IReadOnlyList<PresenceRecord> Presence => _presence;

    public IReadOnlyList<Fact> Facts => _facts;

    public IReadOnlyList<Fact> Sessions => _sessions;

    public static LocalDate Day(string iso) => LocalDatePattern.Iso.Parse(iso).Value;

    public static Instant Utc(string iso) => InstantPattern.ExtendedIso.Parse(iso).Value;

    /// <summary>An instant written with an offset or Z, or a local date-time of the scenario's zone (which must exist there).</summary>
    public Instant At(string text)
    {
        var offset = OffsetDateTimePattern.ExtendedIso.Parse(text);
        if (offset.Success)
        {
            return offset.Value.ToInstant();
        }

        var utc = InstantPattern.ExtendedIso.Parse(text);
        return utc.Success ? utc.Value : LocalDateTimePattern.ExtendedIso.Parse(text).Value.InZoneStrictly(Zone).ToInstant();
    }

    /// <summary>Activity of <paramref name="subject"/> on a local day, as ingest records it.</summary>
    public Scenario Active(string subject, string day, string type = EventCatalog.UserLogin, EventData? data = null, string? tenant = null)
    {
        var date = Day(day);
        var group = EventCatalog.Get(type).Group;
        data ??= EventData.None;
        var deployment = data.Deployment ?? (group is EventGroup.Activity or EventGroup.Meetings ? "cloud" : null);
        var kind = new ActivityKind(type, deployment, data.Origin, data.Scheduled, data.Space, data.Action);
        _presence.Add(new PresenceRecord(TenantOf(tenant), date.ToYearMonth(), kind, new Subject(subject), PresenceRecord.Bit(date)));
        return this;
    }

    /// <summary>Activity at an instant: recorded on its local day in the scenario's zone.</summary>
    public Scenario ActiveAt(string subject, string instant, string type = EventCatalog.UserLogin, EventData? data = null, string? tenant = null) =>
        Active(subject, LocalDatePattern.Iso.Format(At(instant).InZone(Zone).Date), type, data, tenant);

    /// <summary>A meeting hosted on a local day.</summary>
    public Scenario Hosted(string host, string day, string origin = "meetings", bool scheduled = true, string? space = "group", string deployment = "cloud", string? tenant = null) =>
        Active(host, day, EventCatalog.MeetingHosted, new EventData { Origin = origin, Scheduled = scheduled, Space = space, Deployment = deployment }, tenant);

    /// <summary>A timeline fact; its family is the catalogued one of its type.</summary>
    public Scenario Fact(string subject, string time, string type, EventData? data = null, string? tenant = null) =>
        Fact(subject, At(time), type, data, tenant);

    public Scenario Fact(string subject, Instant time, string type, EventData? data = null, string? tenant = null)
    {
        var family = EventCatalog.Get(type).Family ?? throw new ArgumentException($"{type} is not a fact.", nameof(type));
        var fact = new Fact(TenantOf(tenant), family, new Subject(subject), time, type, NextKey(), data ?? EventData.None);
        if (family == FactFamily.Session)
        {
            _sessions.Add(fact);
        }
        else
        {
            _facts.Add(fact);
        }

        return this;
    }

    public Scenario Session(string user, string time, string type, string sessionId, string? tenant = null) =>
        Fact(user, time, type, new EventData { SessionId = sessionId }, tenant);

    /// <summary>Every recorded input, in the order written.</summary>
    public MeteringInputs Inputs() => Fill(_presence, _facts, _sessions);

    public static MeteringInputs Fill(IEnumerable<PresenceRecord> presence, IEnumerable<Fact> facts, IEnumerable<Fact> sessions)
    {
        var inputs = new MeteringInputs();
        foreach (var record in presence)
        {
            inputs.AddPresence(record);
        }

        foreach (var fact in facts)
        {
            inputs.AddFact(fact);
        }

        foreach (var session in sessions)
        {
            inputs.AddSession(session);
        }

        return inputs;
    }

    /// <summary>Only what the close reads for <paramref name="window"/>: the needed presence months, facts through the needed month, sessions of the needed months.</summary>
    public MeteringInputs InputsFor(ScheduledWindow window) => InputsFor(window.Needs);

    /// <summary>Only what a close with these needs reads (a statement's: <c>StatementCalendar.NeedsOf</c>).</summary>
    public MeteringInputs InputsFor(DataNeeds needs) =>
        Fill(
            _presence.Where(p => needs.PresenceMonths.Contains(p.Month)),
            _facts.Where(f => needs.FactsThrough is { } through && LocalMonth(f.Time) <= through),
            _sessions.Where(s => needs.SessionMonths.Contains(LocalMonth(s.Time))));

    public Contract Contract(string template, string start, string end, TemplateParameters? parameters = null, params string[] tenants) =>
        new(
            ContractId.Parse("c-1"),
            tenants.Length == 0 ? [Tenant] : [.. tenants.Select(TenantId.Parse)],
            new DateInterval(Day(start), Day(end)),
            2,
            [new ContractVersion(1, Day(start), template, parameters ?? TemplateParameters.None, null, CommercialTerms.None)]);

    public Contract Generic(RuleSpec rule, string start, string end) =>
        new(
            ContractId.Parse("c-1"),
            [Tenant],
            new DateInterval(Day(start), Day(end)),
            2,
            [new ContractVersion(1, Day(start), ContractVersion.Generic, TemplateParameters.None, rule, CommercialTerms.None)]);

    public static Contract Amend(Contract contract, string effective, string template, TemplateParameters? parameters = null) =>
        contract with
        {
            Versions = contract.Versions.Add(new ContractVersion(
                contract.Versions.Length + 1, Day(effective), template, parameters ?? TemplateParameters.None, null, CommercialTerms.None)),
        };

    public IReadOnlyList<ScheduledWindow> Windows(Contract contract) => ContractCalendar.WindowsOf(contract, Zone);

    public ScheduledWindow Window(Contract contract, string id) =>
        Windows(contract).SingleOrDefault(w => w.Window.Id == id)
        ?? throw new InvalidOperationException($"No window {id}; the contract has {string.Join(", ", Windows(contract).Select(w => w.Window.Id))}.");

    /// <summary>Measures one window from what the close would read for it.</summary>
    public Measurement Measure(Contract contract, string windowId)
    {
        var window = Window(contract, windowId);
        return RuleEngine.Measure(contract, window, InputsFor(window));
    }

    /// <summary>Measures a one-version contract of <paramref name="template"/> over one window.</summary>
    public Measurement Measure(string template, string start, string end, string windowId, TemplateParameters? parameters = null) =>
        Measure(Contract(template, start, end, parameters), windowId);

    /// <summary>A measurement as canonical text, to compare two measurements field by field.</summary>
    public static string Canonical(Measurement measurement) => JsonSerializer.Serialize(measurement);

    public static ImmutableArray<string> Units(Measurement measurement) => [.. measurement.Evidence.Select(e => e.Unit.Value)];

    private YearMonth LocalMonth(Instant instant) => instant.InZone(Zone).Date.ToYearMonth();

    private TenantId TenantOf(string? tenant) => tenant is null ? Tenant : TenantId.Parse(tenant);

    private EventKey NextKey() => EventKey.Of("https://vendor.example/app", $"event-{++_events}");
}

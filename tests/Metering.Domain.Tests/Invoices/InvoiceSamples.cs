using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Tests.Invoices;

/// <summary>Hand-built measurements, windows and invoices: the rule engine is not under test here.</summary>
internal static class InvoiceSamples
{
    public static readonly DateTimeZone Madrid = DateTimeZoneProviders.Tzdb["Europe/Madrid"];

    public static readonly Instant GeneratedAt = Instant.FromUtc(2025, 4, 3, 2, 0, 0);

    /// <summary>A measurement of <paramref name="quantity"/> users with a realistic breakdown.</summary>
    public static Measurement Measurement(long quantity, TrueForwardResult? trueForward = null, params EvidenceLine[] evidence) =>
        new(
            quantity,
            [new NamedFigure("active-users", quantity), new NamedFigure("average-active-users", 12.5m)],
            [new SubWindowFigure("2024-02-29_2024-05-28", "period 1", quantity / 2), new SubWindowFigure("2025-03-16_2025-03-31", "second half", quantity)],
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, long>("cloud", quantity), new KeyValuePair<string, long>("on-premises", 1)]),
            ["Aliases resolved to their owners.", "Unscheduled meetings in a one-on-one space are not counted."],
            [new Anomaly("alias-claimed-twice", "The alias ana@example.com is claimed by two users.", ["u/1", "u#2"], "2025-03-14T10:00:00Z")],
            [.. evidence],
            ["Days after day 360 fall in no 90-day period."],
            trueForward);

    /// <summary>March 2025 in Madrid: 31 local days, the last one 23 hours long (daylight saving starts on 30 March).</summary>
    public static BillingWindow March2025 { get; } = new(
        WindowSchemeKind.CalendarMonth,
        new DateInterval(new LocalDate(2025, 3, 1), new LocalDate(2025, 3, 31)),
        Madrid,
        [],
        null,
        false);

    public static BillingWindow NinetyDayYear { get; } = new(
        WindowSchemeKind.NinetyDay,
        new DateInterval(new LocalDate(2024, 2, 29), new LocalDate(2025, 2, 27)),
        Madrid,
        [
            new BillingWindow(WindowSchemeKind.NinetyDay, new DateInterval(new LocalDate(2024, 2, 29), new LocalDate(2024, 5, 28)), Madrid, [], null, false),
            new BillingWindow(WindowSchemeKind.NinetyDay, new DateInterval(new LocalDate(2024, 5, 29), new LocalDate(2024, 8, 26)), Madrid, [], null, false),
        ],
        new DateInterval(new LocalDate(2025, 2, 23), new LocalDate(2025, 2, 27)),
        true);

    public static Contract Contract { get; } = ContractReader.Read("""
        { "id": "acme-meetings", "name": "ACME Meetings – Ñandú GmbH", "tenants": ["acme", "acme-eu"],
          "term": { "start": "2025-01-01", "end": "2027-12-31" },
          "versions": [
            { "version": 1, "effective": "2025-01-01", "template": "meeting-hosts", "parameters": { "origins": ["meetings", "app"] },
              "commercial": { "currency": "EUR", "unitPrice": "4.5", "includedUnits": 100, "overageUnitPrice": "6.125" } },
            { "version": 2, "effective": "2025-03-01", "template": "flex-true-forward", "parameters": { "knowledgeWorkers": 1000 },
              "commercial": { "currency": "EUR", "unitPrice": "10", "annualUnitPrice": "120.00" } },
            { "version": 3, "effective": "2026-01-01", "template": "generic",
              "rule": { "state": { "family": "user", "allOf": [{ "atom": "active-flag" }, { "atom": "not-deleted" }] },
                        "window": { "scheme": "calendar-month" }, "measure": { "kind": "distinct-state", "policy": "period-end" } } }
          ] }
        """).Contract ?? throw new InvalidOperationException("The sample contract is invalid.");

    public static TrueForwardResult TrueForward(long increase, int monthsRemaining) =>
        new(100, 100 + increase, [.. Enumerable.Repeat(100 + increase, 12)], 800, 120, 100 + increase, increase, monthsRemaining);

    public static EvidenceLine[] Evidence { get; } =
    [
        EvidenceLine.FromText("acme", "zoë@example.com", "cloud", "2025-03-02"),
        EvidenceLine.FromText("acme", "u/1", "on-premises", "2025-03-01", "aliases: ana, ana@example.com"),
        EvidenceLine.FromText("acme", "u#2 ?%\\", "cloud", "2025-03-09T08:15:00Z"),
        EvidenceLine.FromText("acme-eu", "u/1", null, "2025-03-01"),
    ];

    /// <summary>An invoice of <paramref name="version"/> over <paramref name="window"/>, built from scratch each call (no shared instances).</summary>
    public static Invoice Invoice(int version = 2, long quantity = 130, TrueForwardResult? trueForward = null, BillingWindow? window = null, Instant? generatedAt = null)
    {
        var contractVersion = Contract.Versions[version - 1];
        var evidence = EvidenceFile.Build(Evidence);
        return Domain.Invoices.Invoice.Draft(
            Contract,
            contractVersion,
            window ?? March2025,
            Measurement(quantity, trueForward, Evidence),
            evidence.Reference("invoices/acme/acme-meetings/2025-03-01_2025-03-31/r1.evidence.ndjson"),
            generatedAt ?? GeneratedAt);
    }

    public static string TemplateOf(int version) => Contract.Versions[version - 1].Template;

    public static bool IsFlex(int version) => TemplateOf(version) == TemplateNames.FlexTrueForward;
}

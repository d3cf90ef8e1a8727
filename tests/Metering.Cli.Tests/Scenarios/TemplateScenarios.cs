using Metering.Domain.Templates;

namespace Metering.Cli.Tests.Scenarios;

/// <summary>
/// One scenario per template of docs/rules.md, 5, each with its figures worked out by hand from the clause (docs/rules.md).
/// The comments are the hand computation; the events are chosen at the edges the clause names (month ends in the
/// billing zone, daylight saving, leap days, state changes at the window's instants, aliases, affiliates).
/// </summary>
internal static class TemplateScenarios
{
    /// <summary>The scenario of a template.</summary>
    public static TemplateScenario For(string template) => template switch
    {
        TemplateNames.MonthlyActive => MonthlyActive(),
        TemplateNames.ContractYearActive => ContractYearActive(),
        TemplateNames.ProvisionedAccounts => ProvisionedAccounts(),
        TemplateNames.AssignedSeats => AssignedSeats(),
        TemplateNames.ValidLogin => ValidLogin(),
        TemplateNames.ConcurrentUsers => ConcurrentUsers(),
        TemplateNames.Rolling12Months => Rolling12Months(),
        TemplateNames.ProtectedEndpoints => ProtectedEndpoints(),
        TemplateNames.RegisteredUsers => RegisteredUsers(),
        TemplateNames.TermLogins => TermLogins(),
        TemplateNames.MeetingHosts => MeetingHosts(),
        TemplateNames.MeetingHostsPerDeployment => MeetingHostsPerDeployment(),
        TemplateNames.FlexTrueForward => FlexTrueForward(),
        TemplateNames.AccessIdUsers => AccessIdUsers(),
        TemplateNames.NinetyDayPeak => NinetyDayPeak(),
        TemplateNames.ActivatedUsers => ActivatedUsers(),
        TemplateNames.ActiveFlagUsers => ActiveFlagUsers(),
        TemplateNames.UniqueLogins => UniqueLogins(),
        TemplateNames.FlexibleSeats => FlexibleSeats(),
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "No scenario for this template."),
    };

    // Seed 000, calendar-month access. Paris: March is [2025-02-28T23:00Z, 2025-03-31T22:00Z).
    // ana (login, and activity under her alias ana@example.com), "bob/b#2?%\ zoë" at 23:30 on 31 March (summer time),
    // dan (hosted a meeting), eve (opened content) accessed in March: 4. cy at 00:30 on 1 April and fay at 23:59:59 on
    // 28 February are other months; gil only has an account. 3 included at 2.50 = 7.50, 1 over at 3.10 = 3.10: 10.60.
    private static TemplateScenario MonthlyActive() => new(
        TemplateNames.MonthlyActive,
        Contract(TemplateNames.MonthlyActive, "2025-03-01", "2025-12-31", commercial: """{ "currency": "EUR", "unitPrice": "2.50", "includedUnits": 3, "overageUnitPrice": "3.10" }"""),
        "Europe/Paris",
        new EventFile()
            .Created("ana", "2025-02-01T09:00:00+01:00", """{"aliases":["ana@example.com"]}""")
            .Login("ana", "2025-03-02T09:00:00+01:00")
            .Add("data.accessed", "ana@example.com", "2025-03-20T09:00:00+01:00")
            .Add("data.accessed", "bob/b#2?%\\ zoë", "2025-03-31T23:30:00+02:00")
            .Login("cy", "2025-04-01T00:30:00+02:00")
            .Hosted("dan", "2025-03-05T10:00:00+01:00")
            .Add("content.opened", "eve", "2025-03-06T10:00:00+01:00", """{"contentId":"doc-1","action":"launch"}""")
            .Login("fay", "2025-02-28T23:59:59+01:00")
            .Created("gil", "2025-03-10T09:00:00+01:00"),
        "2025-04-02T12:00:00Z",
        "2025-04-03T06:00:00Z",
        "2025-03-01_2025-03-31",
        4,
        ["acme:ana", "acme:bob/b#2?%\\ zoë", "acme:dan", "acme:eve"],
        ([("base", "7.50"), ("overage", "3.10")], "10.60"),
        (_, _, evidence) =>
        {
            Assert.Contains("ana@example.com", evidence[0].Detail, StringComparison.Ordinal);
            Assert.Equal("2025-03-02", evidence[0].Qualifier.Text);
            Assert.Equal("2025-03-31", evidence[1].Qualifier.Text);
            return Task.CompletedTask;
        });

    // Seed 000, Tovuti: signed 2024-02-29, so the first contract year is 2024-02-29 to 2025-02-27 (the anniversary falls
    // on 28 February in a common year). u-17 counts once although active as ana@example.com, u-17 and ana.n; bob on the
    // year's last day counts; cy on 2025-02-28 is in year 2; dan before the term is not. 2 users: 1 allowed at 100.00,
    // 1 over at 120.00: 220.00.
    private static TemplateScenario ContractYearActive() => new(
        TemplateNames.ContractYearActive,
        Contract(TemplateNames.ContractYearActive, "2024-02-29", "2026-02-27", commercial: """{ "currency": "USD", "unitPrice": "100.00", "includedUnits": 1, "overageUnitPrice": "120.00" }"""),
        "UTC",
        new EventFile()
            .Created("u-17", "2024-03-01T08:00:00Z", """{"aliases":["ana@example.com","ana.n"]}""")
            .Add("user.activity", "ana@example.com", "2024-04-02T10:00:00Z")
            .Login("u-17", "2024-05-01T10:00:00Z")
            .Add("app.launched", "ana.n", "2024-06-03T10:00:00Z")
            .Login("bob", "2025-02-27T23:59:59Z")
            .Login("cy", "2025-02-28T00:00:00Z")
            .Login("dan", "2024-02-28T12:00:00Z"),
        "2025-03-01T00:00:00Z",
        "2025-03-02T00:00:00Z",
        "2024-02-29_2025-02-27",
        2,
        ["acme:bob", "acme:u-17"],
        ([("base", "100.00"), ("overage", "120.00")], "220.00"),
        (_, _, evidence) =>
        {
            Assert.Equal("2024-04-02", evidence[1].Qualifier.Text);
            Assert.Contains("ana.n", evidence[1].Detail, StringComparison.Ordinal);
            Assert.Contains("ana@example.com", evidence[1].Detail, StringComparison.Ordinal);
            return Task.CompletedTask;
        });

    // Seed 000, KnowBe4: persons provisioned, aliases, groups, functional and service accounts excluded, peak of the
    // month. ana, bob, cy from 1 March (3); cy deleted on the 10th (2); dan and eve from the 15th at 09:00 (4). fay was
    // switched to a functional account in February. Peak 4 at 2025-03-15T09:00Z: 3 seats at 5.00 = 15.00, 1 over = 5.00.
    private static TemplateScenario ProvisionedAccounts() => new(
        TemplateNames.ProvisionedAccounts,
        Contract(TemplateNames.ProvisionedAccounts, "2025-03-01", "2025-12-31", commercial: """{ "currency": "EUR", "unitPrice": "5.00", "includedUnits": 3 }"""),
        "UTC",
        new EventFile()
            .Created("fay", "2025-02-01T08:00:00Z")
            .Add("user.updated", "fay", "2025-02-15T08:00:00Z", """{"accountType":"functional"}""")
            .Created("ana", "2025-03-01T08:00:00Z")
            .Created("bob", "2025-03-01T08:00:00Z", """{"accountType":"person"}""")
            .Created("cy", "2025-03-01T08:00:00Z")
            .Created("shared-mailbox", "2025-03-02T08:00:00Z", """{"accountType":"alias"}""")
            .Created("helpdesk", "2025-03-02T08:00:00Z", """{"accountType":"functional"}""")
            .Created("sales-team", "2025-03-02T08:00:00Z", """{"accountType":"group"}""")
            .Created("svc-backup", "2025-03-02T08:00:00Z", """{"accountType":"service"}""")
            .Add("user.deleted", "cy", "2025-03-10T12:00:00Z")
            .Created("dan", "2025-03-15T09:00:00Z")
            .Created("eve", "2025-03-15T09:00:00Z"),
        "2025-04-01T00:00:00Z",
        "2025-04-03T00:00:00Z",
        "2025-03-01_2025-03-31",
        4,
        ["acme:ana", "acme:bob", "acme:dan", "acme:eve"],
        ([("base", "15.00"), ("overage", "5.00")], "20.00"),
        (_, _, evidence) =>
        {
            Assert.All(evidence, e => Assert.Equal("2025-03-15T09:00:00Z", e.Qualifier.Text));
            return Task.CompletedTask;
        });

    // Seed 000, assigned seats, peak: ana holds a seat [1 March, 10 March), cy [5 March, 6 March), dan from 5 March
    // 12:00, bob from 10 March (as ana's ends: half-open, never together). At 2025-03-05T12:00Z ana, cy and dan hold one:
    // peak 3. eve's seat ended in February. No commercial terms: figures only.
    private static TemplateScenario AssignedSeats() => new(
        TemplateNames.AssignedSeats,
        Contract(TemplateNames.AssignedSeats, "2025-03-01", "2025-12-31"),
        "UTC",
        new EventFile()
            .Add("seat.assigned", "eve", "2025-02-10T00:00:00Z")
            .Add("seat.released", "eve", "2025-02-28T23:00:00Z")
            .Add("seat.assigned", "ana", "2025-03-01T00:00:00Z")
            .Add("seat.released", "ana", "2025-03-10T00:00:00Z")
            .Add("seat.assigned", "bob", "2025-03-10T00:00:00Z")
            .Add("seat.assigned", "cy", "2025-03-05T00:00:00Z")
            .Add("seat.released", "cy", "2025-03-06T00:00:00Z")
            .Add("seat.assigned", "dan", "2025-03-05T12:00:00Z"),
        "2025-04-01T00:00:00Z",
        "2025-04-03T00:00:00Z",
        "2025-03-01_2025-03-31",
        3,
        ["acme:ana", "acme:cy", "acme:dan"],
        null,
        (_, invoice, evidence) =>
        {
            Assert.All(evidence, e => Assert.Equal("2025-03-05T12:00:00Z", e.Qualifier.Text));
            Assert.Equal("peak-active-users", invoice.Figures.Named[0].Name);
            return Task.CompletedTask;
        });

    // Seed 000, valid login at the month end. Paris: March ends at 2025-03-31T22:00Z. ana deactivated one second before
    // (not valid), bob at that instant (April's: valid at March's end), cy's credential disabled and dan deleted in March,
    // eve enabled at 21:00Z on the 31st (valid). 2 users: per-user fee 2 x 1.25 = 2.50, adjustment up to the 10.00
    // minimum = 7.50: 10.00.
    private static TemplateScenario ValidLogin() => new(
        TemplateNames.ValidLogin,
        Contract(TemplateNames.ValidLogin, "2025-01-01", "2025-12-31", commercial: """{ "currency": "EUR", "perUserFee": "1.25", "minimumAmount": "10.00" }"""),
        "Europe/Paris",
        Users(new EventFile(), "2025-01-05T09:00:00+01:00", "ana", "bob", "cy", "dan")
            .Add("credential.enabled", "ana", "2025-01-05T09:00:00+01:00")
            .Add("credential.enabled", "bob", "2025-01-05T09:00:00+01:00")
            .Add("credential.enabled", "cy", "2025-01-05T09:00:00+01:00")
            .Add("credential.enabled", "dan", "2025-01-05T09:00:00+01:00")
            .Add("user.deactivated", "ana", "2025-03-31T21:59:59Z")
            .Add("user.deactivated", "bob", "2025-03-31T22:00:00Z")
            .Add("credential.disabled", "cy", "2025-03-15T10:00:00+01:00")
            .Add("user.deleted", "dan", "2025-03-20T10:00:00+01:00")
            .Created("eve", "2025-03-31T21:00:00Z")
            .Add("credential.enabled", "eve", "2025-03-31T21:00:00Z"),
        "2025-04-05T00:00:00Z",
        "2025-04-05T00:00:00Z",
        "2025-03-01_2025-03-31",
        2,
        ["acme:bob", "acme:eve"],
        ([("per-user-fee", "2.50"), ("minimum-adjustment", "7.50")], "10.00"));

    // Seed 000, concurrent users, Paris. ana's session opens at 23:50 on 28 February and bob's at 00:10 on 1 March:
    // both at 2025-02-28T23:10Z (2). On 10 March (UTC): cy [10:00, ended 10:25), dan [10:05, 10:35), ana's two sessions
    // [10:06, 10:36) and [10:07, 10:37) count her once, eve from 10:24: 4 at 2025-03-10T10:24Z. 5 subscriptions are the
    // minimum: 5 x 12.00 = 60.00.
    private static TemplateScenario ConcurrentUsers() => new(
        TemplateNames.ConcurrentUsers,
        Contract(TemplateNames.ConcurrentUsers, "2025-03-01", "2025-12-31", commercial: """{ "currency": "EUR", "unitPrice": "12.00", "minimumQuantity": 5 }"""),
        "Europe/Paris",
        new EventFile()
            .Add("session.started", "ana", "2025-02-28T23:50:00+01:00", """{"sessionId":"a1"}""")
            .Add("session.started", "bob", "2025-03-01T00:10:00+01:00", """{"sessionId":"b1"}""")
            .Add("session.started", "cy", "2025-03-10T10:00:00Z", """{"sessionId":"c1"}""")
            .Add("session.heartbeat", "cy", "2025-03-10T10:20:00Z", """{"sessionId":"c1"}""")
            .Add("session.ended", "cy", "2025-03-10T10:25:00Z", """{"sessionId":"c1"}""")
            .Add("session.started", "dan", "2025-03-10T10:05:00Z", """{"sessionId":"d1"}""")
            .Add("session.started", "ana", "2025-03-10T10:06:00Z", """{"sessionId":"a2"}""")
            .Add("session.started", "ana", "2025-03-10T10:07:00Z", """{"sessionId":"a3"}""")
            .Add("session.started", "eve", "2025-03-10T10:24:00Z", """{"sessionId":"e1"}"""),
        "2025-04-01T00:00:00Z",
        "2025-04-03T00:00:00Z",
        "2025-03-01_2025-03-31",
        4,
        ["acme:ana", "acme:cy", "acme:dan", "acme:eve"],
        ([("base", "60.00")], "60.00"),
        (_, invoice, evidence) =>
        {
            Assert.All(evidence, e => Assert.Equal("2025-03-10T10:24:00Z", e.Qualifier.Text));
            Assert.Contains("minimum commitment of 5 units; 4 measured", invoice.Charges!.Lines[0].Description, StringComparison.Ordinal);
            return Task.CompletedTask;
        });

    // Seed 000, prior twelve months within the term (from 2024-01-01). The window ending 2025-02-28 is 2024-03-01 to
    // 2025-02-28: ana (2024-03-15), dan (2024-09-09), cy (2025-02-28 23:59:59): 3; bob updated his profile on 2024-02-29,
    // one day before it. The window ending 2025-01-31 (2024-02-01 to 2025-01-31) has ana, bob and dan: also 3.
    // 3 x 1.00 = 3.00.
    private static TemplateScenario Rolling12Months() => new(
        TemplateNames.Rolling12Months,
        Contract(TemplateNames.Rolling12Months, "2024-01-01", "2026-12-31", commercial: """{ "currency": "USD", "unitPrice": "1.00" }"""),
        "UTC",
        new EventFile()
            .Login("eve", "2023-12-31T10:00:00Z")
            .Add("profile.updated", "bob", "2024-02-29T10:00:00Z")
            .Login("ana", "2024-03-15T10:00:00Z")
            .Add("app.launched", "dan", "2024-09-09T10:00:00Z")
            .Add("data.accessed", "cy", "2025-02-28T23:59:59Z"),
        "2025-03-01T00:00:00Z",
        "2025-03-03T00:00:00Z",
        "2024-03-01_2025-02-28",
        3,
        ["acme:ana", "acme:cy", "acme:dan"],
        ([("base", "3.00")], "3.00"),
        async (pipeline, _, _) =>
        {
            var (_, january) = await pipeline.ShowAsync("acme", "acme-rolling-12-months", "2024-02-01_2025-01-31");
            Assert.Equal(3, january.Figures.Quantity);
            var (_, first) = await pipeline.ShowAsync("acme", "acme-rolling-12-months", "2024-01-01_2024-01-31");
            Assert.Equal(0, first.Figures.Quantity);
        });

    // Seed 000, MSP: an endpoint protected for any time in the month. Beirut: March is [2025-02-28T22:00Z,
    // 2025-03-31T21:00Z) (summer time from 30 March). ep-1 protected at 20:59:59Z on the 31st, ep-4 for a day, ep-5 since
    // February: 3. ep-2 at 21:00Z is April's; ep-3 was unprotected exactly at March's first instant.
    // 3 x 0.995 = 2.985, rounded half away from zero: 2.99.
    private static TemplateScenario ProtectedEndpoints() => new(
        TemplateNames.ProtectedEndpoints,
        Contract(TemplateNames.ProtectedEndpoints, "2025-03-01", "2025-12-31", commercial: """{ "currency": "USD", "unitPrice": "0.995" }"""),
        "Asia/Beirut",
        new EventFile()
            .Add("endpoint.protected", "ep-1", "2025-03-31T20:59:59Z")
            .Add("endpoint.protected", "ep-2", "2025-03-31T21:00:00Z")
            .Add("endpoint.protected", "ep-3", "2025-02-20T10:00:00Z")
            .Add("endpoint.unprotected", "ep-3", "2025-02-28T22:00:00Z")
            .Add("endpoint.protected", "ep-4", "2025-03-05T10:00:00Z")
            .Add("endpoint.unprotected", "ep-4", "2025-03-06T10:00:00Z")
            .Add("endpoint.protected", "ep-5", "2025-02-10T10:00:00Z"),
        "2025-04-01T00:00:00Z",
        "2025-04-03T00:00:00Z",
        "2025-03-01_2025-03-31",
        3,
        ["acme:ep-1", "acme:ep-4", "acme:ep-5"],
        ([("base", "2.99")], "2.99"),
        (_, invoice, _) =>
        {
            Assert.Equal("0.995", invoice.Charges!.Lines[0].UnitPrice.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(NodaTime.Instant.FromUtc(2025, 2, 28, 22, 0), invoice.Window.Instants.Start);
            Assert.Equal(NodaTime.Instant.FromUtc(2025, 3, 31, 21, 0), invoice.Window.Instants.End);
            return Task.CompletedTask;
        });

    // Seed 000, registered users at the month end. zed created at the last nanosecond of March counts, yan at April's
    // first instant does not; ana deleted on the 10th and created again on the 20th counts once, since the 20th; bob
    // deleted on the 15th does not; cy since February does: 3 x 1500 JPY = 4500.
    private static TemplateScenario RegisteredUsers() => new(
        TemplateNames.RegisteredUsers,
        Contract(TemplateNames.RegisteredUsers, "2025-03-01", "2025-12-31", commercial: """{ "currency": "JPY", "unitPrice": "1500" }"""),
        "UTC",
        new EventFile()
            .Created("zed", "2025-03-31T23:59:59.999999999Z")
            .Created("yan", "2025-04-01T00:00:00Z")
            .Created("ana", "2025-02-01T00:00:00Z")
            .Add("user.deleted", "ana", "2025-03-10T00:00:00Z")
            .Created("ana", "2025-03-20T00:00:00Z")
            .Created("bob", "2025-01-10T00:00:00Z")
            .Add("user.deleted", "bob", "2025-03-15T00:00:00Z")
            .Created("cy", "2025-02-01T00:00:00Z"),
        "2025-04-02T00:00:00Z",
        "2025-04-03T00:00:00Z",
        "2025-03-01_2025-03-31",
        3,
        ["acme:ana", "acme:cy", "acme:zed"],
        ([("base", "4500")], "4500"),
        (_, _, evidence) =>
        {
            Assert.Equal("2025-03-20T00:00:00Z", evidence[0].Qualifier.Text);
            return Task.CompletedTask;
        });

    // Seed 000, Totara: users who logged in during the term (2025-01-01 to 2025-06-30), one window. bob and eve (23:00 on
    // the term's last day) logged in: 2. ana only accessed data, cy only registered, dan logged in the day before the
    // term. 2 x 40.00 = 80.00.
    private static TemplateScenario TermLogins() => new(
        TemplateNames.TermLogins,
        Contract(TemplateNames.TermLogins, "2025-01-01", "2025-06-30", commercial: """{ "currency": "GBP", "unitPrice": "40.00" }"""),
        "UTC",
        new EventFile()
            .Add("data.accessed", "ana", "2025-02-01T10:00:00Z")
            .Login("bob", "2025-03-01T10:00:00Z")
            .Created("cy", "2025-01-05T10:00:00Z")
            .Login("dan", "2024-12-31T23:00:00Z")
            .Login("eve", "2025-06-30T23:00:00Z"),
        "2025-07-01T00:00:00Z",
        "2025-07-03T00:00:00Z",
        "2025-01-01_2025-06-30",
        2,
        ["acme:bob", "acme:eve"],
        ([("base", "80.00")], "80.00"));

    // Seed 001, Webex: hosts of meetings started in Meetings, the App or by phone, except unscheduled ones in a one-on-one
    // space; affiliates count. ana (app, unscheduled, group space), dan (pstn, no space), eve (scheduled, one-on-one) in
    // acme, and ana in the affiliate acme-eu (another person): 4. bob's unscheduled one-on-one and cy's sip-device
    // meetings are not counted. 100 purchased at 4.50 = 450.00, no overage.
    private static TemplateScenario MeetingHosts() => new(
        TemplateNames.MeetingHosts,
        Contract(TemplateNames.MeetingHosts, "2025-03-01", "2025-12-31", commercial: """{ "currency": "EUR", "unitPrice": "4.50", "includedUnits": 100, "overageUnitPrice": "6.125" }""", tenants: "\"acme\", \"acme-eu\""),
        "UTC",
        new EventFile()
            .Hosted("ana", "2025-03-03T10:00:00Z", origin: "app", scheduled: false, space: "group")
            .Hosted("bob", "2025-03-03T10:00:00Z", origin: "app", scheduled: false, space: "one-on-one")
            .Hosted("cy", "2025-03-03T10:00:00Z", origin: "sip-device")
            .Hosted("dan", "2025-03-04T10:00:00Z", origin: "pstn", space: null)
            .Hosted("eve", "2025-03-05T10:00:00Z", origin: "meetings", scheduled: true, space: "one-on-one")
            .Hosted("ana", "2025-03-06T10:00:00Z", inTenant: "acme-eu")
            .Login("fay", "2025-03-06T10:00:00Z"),
        "2025-04-01T00:00:00Z",
        "2025-04-03T00:00:00Z",
        "2025-03-01_2025-03-31",
        4,
        ["acme:ana", "acme:dan", "acme:eve", "acme-eu:ana"],
        ([("base", "450.00")], "450.00"),
        (_, invoice, _) =>
        {
            Assert.Equal(["acme", "acme-eu"], invoice.Tenants.Select(t => t.Value));
            return Task.CompletedTask;
        });

    // Seed 001, Spark Flex: a host counts once per deployment. ana hosts in the cloud and on premises (2), bob in the
    // cloud (no deployment given means cloud): 3, cloud 2, on-premises 1. cy's unscheduled one-on-one and dan's
    // sip-device meetings are not counted. 3 x 10.00 = 30.00.
    private static TemplateScenario MeetingHostsPerDeployment() => new(
        TemplateNames.MeetingHostsPerDeployment,
        Contract(TemplateNames.MeetingHostsPerDeployment, "2025-03-01", "2025-12-31", commercial: """{ "currency": "USD", "unitPrice": "10.00" }"""),
        "UTC",
        new EventFile()
            .Hosted("ana", "2025-03-03T10:00:00Z", deployment: "cloud")
            .Hosted("ana", "2025-03-04T10:00:00Z", deployment: "on-premises")
            .Hosted("bob", "2025-03-05T10:00:00Z")
            .Hosted("cy", "2025-03-05T10:00:00Z", scheduled: false, space: "one-on-one", deployment: "on-premises")
            .Hosted("dan", "2025-03-05T10:00:00Z", origin: "sip-device", deployment: "cloud"),
        "2025-04-01T00:00:00Z",
        "2025-04-03T00:00:00Z",
        "2025-03-01_2025-03-31",
        3,
        ["acme:ana", "acme:ana", "acme:bob"],
        ([("base", "30.00")], "30.00"),
        (_, invoice, evidence) =>
        {
            Assert.Equal([("cloud", 2L), ("on-premises", 1L)], invoice.Figures.Dimensions.Select(d => (d.Key, d.Value)));
            Assert.Equal(["cloud", "on-premises", "cloud"], evidence.Select(e => e.Dimension));
            return Task.CompletedTask;
        });

    // Seed 001, Flex Plan, 250 knowledge workers (the least eligible order): initial AU minimum max(40, ceil(15% x 250 =
    // 37.5) = 38) = 40. Year 2025: 44 distinct hosts a month January to June, 47 July to December: mean 546 / 12 = 45.5,
    // Average Active Users 46. acme-hq reported 300 deployed knowledge workers in June and 320 on 30 November, the last
    // before the anniversary; acme-lab's report at the anniversary's first instant is too late: ceil(15% x 320) = 48.
    // New minimum max(40, 46, 48) = 48, increase 8, owed for the 24 whole months from 2026-01-01 to the term's end:
    // 8 x 120.00 x 24 / 12 = 1920.00.
    private static TemplateScenario FlexTrueForward()
    {
        var events = new EventFile();
        for (var month = 1; month <= 12; month++)
        {
            for (var host = 0; host < (month <= 6 ? 44 : 47); host++)
            {
                events.Hosted($"host-{host:00}", $"2025-{month:00}-{1 + (host % 28):00}T10:00:00Z", origin: "app");
            }
        }

        events
            .Add("org.headcount", "acme-hq", "2025-06-01T00:00:00Z", """{"deployedKnowledgeWorkers":300}""")
            .Add("org.headcount", "acme-hq", "2025-11-30T00:00:00Z", """{"deployedKnowledgeWorkers":320,"knowledgeWorkers":400}""")
            .Add("org.headcount", "acme-lab", "2026-01-01T00:00:00Z", """{"deployedKnowledgeWorkers":10000}""");
        return new(
            TemplateNames.FlexTrueForward,
            Contract(TemplateNames.FlexTrueForward, "2025-01-01", "2027-12-31", parameters: """{ "knowledgeWorkers": 250 }""", commercial: """{ "currency": "USD", "annualUnitPrice": "120.00" }"""),
            "UTC",
            events,
            "2026-01-02T00:00:00Z",
            "2026-01-03T00:00:00Z",
            "2025-01-01_2025-12-31",
            48,
            [.. Enumerable.Range(1, 12).SelectMany(m => Enumerable.Range(0, m <= 6 ? 44 : 47).Select(h => $"acme:host-{h:00}")).Order(StringComparer.Ordinal)],
            ([("true-forward", "1920.00")], "1920.00"),
            (_, invoice, _) =>
            {
                var forward = invoice.Figures.TrueForward!;
                Assert.Equal((40L, 46L, 320L, 48L, 48L, 8L, 24), (forward.MinimumBefore, forward.AverageActiveUsers, forward.DeployedKnowledgeWorkers, forward.DeployedMeter, forward.MinimumAfter, forward.Increase, forward.MonthsRemaining));
                Assert.Equal([44L, 44, 44, 44, 44, 44, 47, 47, 47, 47, 47, 47], forward.MonthlyCounts.ToArray());
                Assert.Equal(24, invoice.Charges!.Lines[0].ProratedMonths);
                Assert.Equal(45.5m, invoice.Figures.Named.Single(f => f.Name == "mean-monthly-hosts").Value);
                Assert.Equal(12, invoice.Window.SubWindows.Length);
                return Task.CompletedTask;
            });
    }

    // Seed 001, data distribution: a fee per Access ID code assigned at any time of the month. AID-001 (ana, moved to cy
    // on the 20th), AID-002 (bob since February), AID-004 (eve, from 23:59 on the 31st): 3. AID-003 was revoked in
    // February. 3 x 25.00 = 75.00.
    private static TemplateScenario AccessIdUsers() => new(
        TemplateNames.AccessIdUsers,
        Contract(TemplateNames.AccessIdUsers, "2025-03-01", "2025-12-31", commercial: """{ "currency": "USD", "perUserFee": "25.00" }"""),
        "UTC",
        new EventFile()
            .Add("accessid.assigned", "AID-001", "2025-03-01T00:00:00Z", """{"userId":"ana"}""")
            .Add("accessid.assigned", "AID-001", "2025-03-20T00:00:00Z", """{"userId":"cy"}""")
            .Add("accessid.assigned", "AID-002", "2025-02-10T00:00:00Z", """{"userId":"bob"}""")
            .Add("accessid.assigned", "AID-003", "2025-02-01T00:00:00Z", """{"userId":"dan"}""")
            .Add("accessid.revoked", "AID-003", "2025-02-28T00:00:00Z", """{"userId":"dan"}""")
            .Add("accessid.assigned", "AID-004", "2025-03-31T23:59:00Z", """{"userId":"eve"}"""),
        "2025-04-01T00:00:00Z",
        "2025-04-03T00:00:00Z",
        "2025-03-01_2025-03-31",
        3,
        ["acme:AID-001", "acme:AID-002", "acme:AID-004"],
        ([("per-user-fee", "75.00")], "75.00"),
        (_, _, evidence) =>
        {
            Assert.Equal(["assigned to 'ana', 'cy'", "assigned to 'bob'", "assigned to 'eve'"], evidence.Select(e => e.Detail));
            return Task.CompletedTask;
        });

    // Seed 001, SAP: launches per 90-day period from 2025-01-01, the year's figure the highest. Periods: 1 Jan-31 Mar
    // (ana, bob: 2), 1 Apr-29 Jun (cy: 1), 30 Jun-27 Sep (ana, cy, eve: 3), 28 Sep-26 Dec (0); 27-31 December are in no
    // period, so fay's launch on the 28th is not counted; dan only logged in. Max 3: 2 included at 100.00 = 200.00,
    // 1 over at 100.00: 300.00.
    private static TemplateScenario NinetyDayPeak() => new(
        TemplateNames.NinetyDayPeak,
        Contract(TemplateNames.NinetyDayPeak, "2025-01-01", "2025-12-31", commercial: """{ "currency": "EUR", "unitPrice": "100.00", "includedUnits": 2 }"""),
        "UTC",
        new EventFile()
            .Add("app.launched", "ana", "2025-01-10T10:00:00Z")
            .Add("app.launched", "bob", "2025-02-10T10:00:00Z")
            .Add("app.launched", "cy", "2025-04-01T10:00:00Z")
            .Add("app.launched", "ana", "2025-06-30T10:00:00Z")
            .Add("app.launched", "cy", "2025-08-01T10:00:00Z")
            .Add("app.launched", "eve", "2025-09-27T23:59:59Z")
            .Add("app.launched", "fay", "2025-12-28T10:00:00Z")
            .Login("dan", "2025-07-01T10:00:00Z"),
        "2026-01-02T00:00:00Z",
        "2026-01-03T00:00:00Z",
        "2025-01-01_2025-12-31",
        3,
        ["acme:ana", "acme:cy", "acme:eve"],
        ([("base", "200.00"), ("overage", "100.00")], "300.00"),
        (_, invoice, _) =>
        {
            Assert.Equal(
                [("2025-01-01_2025-03-31", 2L), ("2025-04-01_2025-06-29", 1L), ("2025-06-30_2025-09-27", 3L), ("2025-09-28_2025-12-26", 0L)],
                invoice.Figures.SubWindows.Select(s => (s.Id, s.Count)));
            Assert.Equal((new NodaTime.LocalDate(2025, 12, 27), new NodaTime.LocalDate(2025, 12, 31)), (invoice.Window.Uncovered!.Start, invoice.Window.Uncovered.End));
            Assert.Contains(invoice.Notes, n => n.Contains("2025-12-27", StringComparison.Ordinal));
            return Task.CompletedTask;
        });

    // Seed 002, Kitaboo, 15 months, Paris. April 2025: ana, activated on 20 January (run January 2025 to March 2026), was
    // deactivated on 15 April but activated at some instant of April: billed, month 4 of 15. bob first opened a book he
    // holds a licence for on 10 April: billed, month 1 of 15 (opening book-1 in February, without its licence, did not
    // activate him). cy's only licence expired at April's first instant: not billed. dan never opened a book.
    // 2 x 0.50 = 1.00.
    private static TemplateScenario ActivatedUsers() => new(
        TemplateNames.ActivatedUsers,
        Contract(TemplateNames.ActivatedUsers, "2025-01-01", "2026-12-31", parameters: """{ "billingMonths": 15 }""", commercial: """{ "currency": "EUR", "unitPrice": "0.50" }"""),
        "Europe/Paris",
        new EventFile()
            .Created("ana", "2025-01-05T09:00:00+01:00")
            .Add("license.granted", "ana", "2025-01-10T09:00:00+01:00", """{"licenseId":"l-1","contentId":"book-1"}""")
            .Add("content.opened", "ana", "2025-01-20T09:00:00+01:00", """{"contentId":"book-1","action":"launch"}""")
            .Add("user.deactivated", "ana", "2025-04-15T10:00:00+02:00")
            .Created("bob", "2025-02-01T09:00:00+01:00")
            .Add("license.granted", "bob", "2025-02-02T09:00:00+01:00", """{"licenseId":"l-2","contentId":"book-2"}""")
            .Add("content.opened", "bob", "2025-02-03T09:00:00+01:00", """{"contentId":"book-1","action":"download"}""")
            .Add("content.opened", "bob", "2025-04-10T10:00:00+02:00", """{"contentId":"book-2","action":"download"}""")
            .Created("cy", "2025-01-01T09:00:00+01:00")
            .Add("license.granted", "cy", "2025-01-01T10:00:00+01:00", """{"licenseId":"l-3","contentId":"book-1","expiresAt":"2025-04-01T00:00:00+02:00"}""")
            .Add("content.opened", "cy", "2025-01-02T09:00:00+01:00", """{"contentId":"book-1","action":"launch"}""")
            .Created("dan", "2025-01-01T09:00:00+01:00")
            .Add("license.granted", "dan", "2025-01-01T10:00:00+01:00", """{"licenseId":"l-4","contentId":"book-3"}"""),
        "2025-05-01T00:00:00Z",
        "2025-05-03T00:00:00Z",
        "2025-04-01_2025-04-30",
        2,
        ["acme:ana", "acme:bob"],
        ([("base", "1.00")], "1.00"),
        async (pipeline, _, evidence) =>
        {
            Assert.EndsWith("month 4 of 15", evidence[0].Detail, StringComparison.Ordinal);
            Assert.EndsWith("month 1 of 15", evidence[1].Detail, StringComparison.Ordinal);
            var (_, march) = await pipeline.ShowAsync("acme", "acme-activated-users", "2025-03-01_2025-03-31");
            Assert.Equal(2, march.Figures.Quantity);
        });

    // Seed 003, active flag at the period end; at least one active administrator at all times. ana, bob and cy are
    // active at the end of March: 3 (dan was created inactive, eve deactivated, fay deleted, gil deactivated). bob loses
    // the role on the 5th, ana on the 10th, cy gains it on the 12th: no active administrator from 2025-03-10T00:00Z until
    // the 12th (last holder ana). gil, an administrator, was deactivated while holding the role. 3 x 7.00 CHF = 21.00.
    private static TemplateScenario ActiveFlagUsers() => new(
        TemplateNames.ActiveFlagUsers,
        Contract(TemplateNames.ActiveFlagUsers, "2025-03-01", "2025-12-31", commercial: """{ "currency": "CHF", "unitPrice": "7.00" }"""),
        "UTC",
        new EventFile()
            .Created("ana", "2025-01-05T00:00:00Z", """{"roles":["administrator"]}""")
            .Created("bob", "2025-01-05T00:00:00Z", """{"roles":["administrator"]}""")
            .Created("cy", "2025-01-05T00:00:00Z")
            .Add("role.revoked", "bob", "2025-03-05T00:00:00Z", """{"role":"administrator"}""")
            .Add("role.revoked", "ana", "2025-03-10T00:00:00Z", """{"role":"administrator"}""")
            .Add("role.granted", "cy", "2025-03-12T00:00:00Z", """{"role":"administrator"}""")
            .Created("dan", "2025-02-01T00:00:00Z", """{"active":false}""")
            .Created("eve", "2025-02-01T00:00:00Z", """{"roles":["editor"]}""")
            .Add("user.deactivated", "eve", "2025-03-20T00:00:00Z")
            .Created("fay", "2025-02-01T00:00:00Z")
            .Add("user.deleted", "fay", "2025-03-25T00:00:00Z")
            .Created("gil", "2025-03-25T00:00:00Z", """{"roles":["administrator"]}""")
            .Add("user.deactivated", "gil", "2025-03-28T10:00:00Z"),
        "2025-04-01T00:00:00Z",
        "2025-04-03T00:00:00Z",
        "2025-03-01_2025-03-31",
        3,
        ["acme:ana", "acme:bob", "acme:cy"],
        ([("base", "21.00")], "21.00"),
        (_, invoice, _) =>
        {
            Assert.Equal(
                [("administrator-deactivated", "2025-03-28T10:00:00Z", "gil"), ("no-active-administrator", "2025-03-10T00:00:00Z", "ana")],
                invoice.Anomalies.Select(a => (a.Code, a.At, string.Join(",", a.Subjects))));
            Assert.Contains("until 2025-03-12T00:00:00Z", invoice.Anomalies[1].Message, StringComparison.Ordinal);
            return Task.CompletedTask;
        });

    // Seed 004, Open LMS: users who logged in during the contract year from 2024-09-01; suspended users who logged in
    // count. ana (then suspended), bob (then deleted), fay (the year's last second): 3. cy was suspended without logging
    // in, dan only accessed data, eve logged in on the first day of year 2. 5 seats purchased at 3.00: 15.00, billed even
    // though fewer were used.
    private static TemplateScenario UniqueLogins() => new(
        TemplateNames.UniqueLogins,
        Contract(TemplateNames.UniqueLogins, "2024-09-01", "2026-08-31", commercial: """{ "currency": "EUR", "unitPrice": "3.00", "includedUnits": 5 }"""),
        "UTC",
        Users(new EventFile(), "2024-09-02T00:00:00Z", "ana", "bob", "cy")
            .Login("ana", "2024-10-01T10:00:00Z")
            .Add("user.suspended", "ana", "2024-11-01T10:00:00Z")
            .Login("bob", "2025-01-15T10:00:00Z")
            .Add("user.deleted", "bob", "2025-02-01T10:00:00Z")
            .Add("user.suspended", "cy", "2024-12-01T10:00:00Z")
            .Add("data.accessed", "dan", "2025-03-01T10:00:00Z")
            .Login("eve", "2025-09-01T00:00:00Z")
            .Login("fay", "2025-08-31T23:59:59Z"),
        "2025-09-02T00:00:00Z",
        "2025-09-03T00:00:00Z",
        "2024-09-01_2025-08-31",
        3,
        ["acme:ana", "acme:bob", "acme:fay"],
        ([("base", "15.00")], "15.00"));

    // Seed 004, Open LMS flexible seats: an account, not suspended, enrolled (active enrolment) in a visible course at
    // some instant of the month. ana (algebra), cy (physics, visible until the 20th), gil (enrolled at 23:00 on the 31st):
    // 3. bob's history course was hidden from 1 February; dan is suspended, eve's enrolment suspended, fay deleted.
    // 2 seats at 4.50 = 9.00, 1 over at 6.00: 15.00.
    private static TemplateScenario FlexibleSeats() => new(
        TemplateNames.FlexibleSeats,
        Contract(TemplateNames.FlexibleSeats, "2025-03-01", "2025-12-31", commercial: """{ "currency": "EUR", "unitPrice": "4.50", "includedUnits": 2, "overageUnitPrice": "6.00" }"""),
        "UTC",
        Enrolled(Users(new EventFile(), "2025-01-05T00:00:00Z", "ana", "bob", "cy", "dan", "eve", "fay"), "2025-01-06T00:00:00Z", ("ana", "algebra"), ("bob", "history"), ("cy", "physics"), ("dan", "algebra"), ("eve", "algebra"), ("fay", "algebra"))
            .Add("course.visibility", "history", "2025-02-01T00:00:00Z", """{"visible":false}""")
            .Add("course.visibility", "physics", "2025-03-20T00:00:00Z", """{"visible":false}""")
            .Add("user.suspended", "dan", "2025-02-10T00:00:00Z")
            .Add("enrollment.suspended", "eve", "2025-02-10T00:00:00Z", """{"courseId":"algebra"}""")
            .Add("user.deleted", "fay", "2025-02-15T00:00:00Z")
            .Created("gil", "2025-03-31T22:00:00Z")
            .Add("enrollment.created", "gil", "2025-03-31T23:00:00Z", """{"courseId":"algebra"}"""),
        "2025-04-01T00:00:00Z",
        "2025-04-03T00:00:00Z",
        "2025-03-01_2025-03-31",
        3,
        ["acme:ana", "acme:cy", "acme:gil"],
        ([("base", "9.00"), ("overage", "6.00")], "15.00"));

    private static EventFile Users(EventFile events, string at, params string[] users)
    {
        foreach (var user in users)
        {
            events.Created(user, at);
        }

        return events;
    }

    private static EventFile Enrolled(EventFile events, string at, params (string User, string Course)[] enrolments)
    {
        foreach (var (user, course) in enrolments)
        {
            events.Add("enrollment.created", user, at, $$"""{"courseId":"{{course}}"}""");
        }

        return events;
    }

    private static string Contract(string template, string start, string end, string? parameters = null, string? commercial = null, string tenants = "\"acme\"") => $$"""
        {
          "id": "acme-{{template}}",
          "name": "ACME {{template}}",
          "tenants": [{{tenants}}],
          "term": { "start": "{{start}}", "end": "{{end}}" },
          "versions": [
            { "version": 1, "effective": "{{start}}", "template": "{{template}}"{{(parameters is null ? string.Empty : $", \"parameters\": {parameters}")}}{{(commercial is null ? string.Empty : $", \"commercial\": {commercial}")}} }
          ]
        }
        """;
}

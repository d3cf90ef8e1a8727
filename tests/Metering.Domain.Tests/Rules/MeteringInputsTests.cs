using Metering.Domain.Activity;
using Metering.Domain.Events;
using Metering.Domain.Facts;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Domain.Tenants;
using Metering.Domain.Tests.Support;
using NodaTime;

namespace Metering.Domain.Tests.Rules;

public class MeteringInputsTests
{
    private static readonly TenantId Acme = TenantId.Parse("acme");

    [Fact]
    public void A_Fact_Read_Twice_Is_Kept_Once()
    {
        var inputs = new MeteringInputs();
        var fact = new Fact(Acme, FactFamily.User, new Subject("ana"), Instant.FromUtc(2025, 3, 1, 0, 0), EventCatalog.SeatAssigned, EventKey.Of("app", "1"), EventData.None);

        Assert.True(inputs.AddFact(fact));
        Assert.False(inputs.AddFact(fact with { }));
        Assert.Equal(1, inputs.Facts);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_Reused_Key_Keeps_The_Earlier_Fact_Whatever_The_Read_Order(bool earlierFirst)
    {
        // docs/events.md: two different bodies under one key keep the one with the earlier time. Stored by two
        // batches, they sit in two chunks (here of two subjects), and storage order decides which is read first.
        var key = EventKey.Of("app", "a1");
        var earlier = new Fact(Acme, FactFamily.User, new Subject("ok1"), Instant.FromUtc(2025, 3, 1, 9, 0), EventCatalog.SeatAssigned, key, EventData.None);
        var later = earlier with { Unit = new Subject("ok1-different-content"), Time = Instant.FromUtc(2025, 3, 2, 9, 0) };
        var inputs = new MeteringInputs();

        Assert.True(inputs.AddFact(earlierFirst ? earlier : later));
        Assert.False(inputs.AddFact(earlierFirst ? later : earlier));

        var (unit, facts) = Assert.Single(inputs.TimelinesOf(Acme, FactFamily.User));
        Assert.Equal("ok1", unit.Value);
        Assert.Same(earlier, Assert.Single(facts));
        Assert.Equal(1, inputs.Facts);
    }

    [Fact]
    public void A_Reused_Key_At_The_Same_Time_Keeps_The_Fact_Read_First()
    {
        var key = EventKey.Of("app", "a1");
        var first = new Fact(Acme, FactFamily.User, new Subject("b"), Instant.FromUtc(2025, 3, 1, 9, 0), EventCatalog.SeatAssigned, key, EventData.None);
        var inputs = new MeteringInputs();

        inputs.AddFact(first);
        inputs.AddFact(first with { Unit = new Subject("a") });

        Assert.Equal(["b"], inputs.TimelinesOf(Acme, FactFamily.User).Select(u => u.Key.Value));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_Reused_Session_Key_Keeps_The_Earlier_Session_Whatever_The_Read_Order(bool earlierFirst)
    {
        var key = EventKey.Of("app", "s1");
        var earlier = new Fact(Acme, FactFamily.Session, new Subject("ana"), Instant.FromUtc(2025, 3, 1, 9, 0), EventCatalog.SessionStarted, key, new EventData { SessionId = "s" });
        var later = earlier with { Unit = new Subject("bo"), Time = Instant.FromUtc(2025, 3, 1, 10, 0) };
        var inputs = new MeteringInputs();

        inputs.AddSession(earlierFirst ? earlier : later);
        inputs.AddSession(earlierFirst ? later : earlier);

        var (user, sessions) = Assert.Single(inputs.SessionsOf(Acme));
        Assert.Equal("ana", user.Value);
        Assert.Same(earlier, Assert.Single(sessions));
        Assert.Equal(1, inputs.SessionFacts);
    }

    [Fact]
    public void Presence_Of_The_Same_Unit_Kind_And_Month_Merges_Its_Days()
    {
        var inputs = new MeteringInputs();
        var kind = new ActivityKind(EventCatalog.UserLogin, "cloud");
        inputs.AddPresence(new PresenceRecord(Acme, new YearMonth(2025, 3), kind, new Subject("ana"), PresenceRecord.Bit(new LocalDate(2025, 3, 20))));
        inputs.AddPresence(new PresenceRecord(Acme, new YearMonth(2025, 3), new ActivityKind(EventCatalog.UserLogin, "cloud"), new Subject("ana"), PresenceRecord.Bit(new LocalDate(2025, 3, 4))));

        var record = Assert.Single(inputs.PresenceOf(Acme, new YearMonth(2025, 3)));

        Assert.Equal(1, inputs.PresenceRecords);
        Assert.Equal([new LocalDate(2025, 3, 4), new LocalDate(2025, 3, 20)], record.LocalDays());
    }

    [Fact]
    public void Session_Facts_Go_Through_AddSession_Only()
    {
        var inputs = new MeteringInputs();
        var session = new Fact(Acme, FactFamily.Session, new Subject("ana"), Instant.FromUtc(2025, 3, 1, 0, 0), EventCatalog.SessionStarted, EventKey.Of("app", "1"), new EventData { SessionId = "s" });

        Assert.Throws<ArgumentException>(() => inputs.AddFact(session));
        Assert.Throws<ArgumentException>(() => inputs.AddSession(session with { Family = FactFamily.User }));
        Assert.True(inputs.AddSession(session));
        Assert.False(inputs.AddSession(session));
        Assert.Equal(1, inputs.SessionFacts);
    }

    [Fact]
    public void The_Same_Event_Key_Read_Once_As_A_Fact_And_Once_As_A_Session_Is_Kept_In_Each()
    {
        // Keys are unique per event; the two sets are separate so that one read cannot hide the other.
        var inputs = new MeteringInputs();
        var key = EventKey.Of("app", "1");
        inputs.AddFact(new Fact(Acme, FactFamily.User, new Subject("ana"), Instant.FromUtc(2025, 3, 1, 0, 0), EventCatalog.SeatAssigned, key, EventData.None));

        Assert.True(inputs.AddSession(new Fact(Acme, FactFamily.Session, new Subject("ana"), Instant.FromUtc(2025, 3, 1, 0, 0), EventCatalog.SessionStarted, key, EventData.None)));
    }

    [Fact]
    public void Merged_Days_Are_What_A_Measure_Sees()
    {
        var scenario = new Scenario().Active("ana", "2025-03-20").Active("ana", "2025-03-04");

        var measurement = scenario.Measure(TemplateNames.MonthlyActive, "2025-01-01", "2025-12-31", "2025-03-01_2025-03-31");

        Assert.Equal("2025-03-04", Assert.Single(measurement.Evidence).Qualifier.Text);
    }
}

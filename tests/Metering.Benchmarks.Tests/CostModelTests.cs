using Metering.Benchmarks.Closing;
using Metering.Benchmarks.Costs;
using Metering.Benchmarks.EndToEnd;

namespace Metering.Benchmarks.Tests;

/// <summary>
/// The cost and capacity model against figures worked by hand: round prices and counts, so that each expected value
/// below can be checked on paper.
/// </summary>
public sealed class CostModelTests
{
    /// <summary>Every price one to six units per ten thousand requests, by kind; the documented limits of bench/prices.json.</summary>
    private static readonly Prices Round = new()
    {
        AsOf = "2026-12-05",
        Currency = "USD",
        Region = "test",
        Table = new TablePrices
        {
            PerTenThousandTransactions = 1m,
            Billing = "per request",
            AccountTransactionsPerSecond = 20_000,
            AccountTargetEntityBytes = 1024,
            PartitionEntitiesPerSecond = 2_000,
            QueryPageEntities = 1_000,
            TransactionEntities = 100,
        },
        Blob = new BlobPrices { Tier = "hot", WritePerTenThousand = 2m, ReadPerTenThousand = 3m, ListAndCreateContainerPerTenThousand = 4m, DeletePerTenThousand = 5m },
        Queue = new QueuePrices { PerTenThousand = 6m },
        EventHubs = new EventHubsPrices
        {
            Tier = "standard",
            ThroughputUnitHour = 0.03m,
            IngressPerMillionEvents = 0.028m,
            ThroughputUnitEventsPerSecond = 1_000,
            ThroughputUnitBytesPerSecond = 1_048_576,
        },
    };

    /// <summary>10 table requests (3 pages, 2 point reads, 4 transactions, 1 write), 20 blob puts, 30 reads, 40 lists, 50 deletes, 60 queue requests.</summary>
    private static readonly RequestCounts Counts = new(3, 2, 4, 1, 0, 20, 30, 40, 50, 60, EntitiesRead: 7_000, EntitiesWritten: 400);

    [Theory]
    [InlineData(1.0, "0.091")] // (10x1 + 20x2 + 30x3 + 40x4 + 50x5 + 60x6) / 10,000
    [InlineData(2.0, "0.182")]
    [InlineData(0.5, "0.0455")]
    public void Each_Request_Is_Priced_As_The_Kind_Azure_Bills_It(double scale, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CostModel.Dollars(Counts, Round, scale));
    }

    [Fact]
    public void Ingest_Is_Scaled_To_A_Million_Events_For_Each_Design()
    {
        // 500,000 events of 2,000 bytes (this design, every count doubled), 100,000 events for the naive one (times ten).
        var e2e = Figures(events: 500_000, bytesPerEvent: 2_000, naiveEvents: 100_000);

        var cost = CostModel.Ingest(e2e, Round);

        Assert.Equal((20.0, 8.0, 4.0, 280.0), (cost.TableRequests, cost.TableTransactions, cost.TablePointReads, cost.BlobRequests));
        Assert.Equal(0.182m, cost.StorageDollars);
        Assert.Equal((100.0, 40.0, 20.0, 1_400.0), (cost.NaiveTableRequests, cost.NaiveTableTransactions, cost.NaiveTablePointReads, cost.NaiveBlobRequests));
        Assert.Equal(0.91m, cost.NaiveStorageDollars);
        Assert.Equal(5.0, cost.DollarRatio, 9);
        Assert.Equal((2_000.0, 400.0 / 500_000, 400.0 / 100_000), (cost.BytesPerEvent, cost.EntitiesPerEvent, cost.NaiveEntitiesPerEvent));
    }

    [Theory]
    // Events of 2,000 bytes: a thousand a second is 2,000,000 bytes a second, 1.91 units' worth of bytes -> 2 units;
    // $0.028 of ingress per million events plus 2 units x $0.03 an hour x the 1,000 s a million take at 1,000/s.
    [InlineData(2_000, 2_000_000 / 1_048_576.0, 2, "0.0446666667")]
    // Events of 500 bytes: the thousand events a second a unit admits bind first -> 1 unit; $0.028 + $0.03 x 1,000/3,600.
    [InlineData(500, 1.0, 1, "0.0363333333")]
    public void Event_Hubs_Units_Are_Bound_By_Events_Or_Bytes_Whichever_Comes_First(int bytesPerEvent, double units, int roundedUp, string dollars)
    {
        var cost = CostModel.Ingest(Figures(events: 1_000_000, bytesPerEvent: bytesPerEvent, naiveEvents: 1_000_000), Round);

        Assert.Equal(units, cost.ThroughputUnitsPerThousandEventsPerSecond, 9);
        Assert.Equal(roundedUp, cost.ThroughputUnits);
        Assert.Equal(decimal.Parse(dollars, System.Globalization.CultureInfo.InvariantCulture), cost.EventHubsDollars, 10);
    }

    [Fact]
    public void Ingest_Without_Counted_Requests_Is_Refused()
    {
        var e2e = Figures(events: 1_000, bytesPerEvent: 300, naiveEvents: 1_000);

        Assert.Throws<InvalidOperationException>(() => CostModel.Ingest(e2e with { Requests = null }, Round));
        Assert.Throws<InvalidOperationException>(() => CostModel.Ingest(e2e with { NaiveRequests = null }, Round));
    }

    [Fact]
    public void A_Close_Is_Priced_For_A_Hundred_Thousand_Units_And_Timed_For_A_Million_At_The_Targets()
    {
        // Measured at 10,000 units: priced x10 (210 requests, 7,000 entities read), timed x100.
        var close = Close(units: 10_000, monthsRead: 1, presenceEntities: 160_000, factEntities: 20_000);

        var cost = CostModel.Close(close, eventsPerUnitMonth: 30, Round);

        Assert.Equal((2_100.0, 70_000.0, 0.91m), (cost.Requests, cost.EntitiesRead, cost.Dollars));

        // Naive: 30 events x 1 month x 100,000 units read back, 1,000 a page.
        Assert.Equal((3_000_000.0, 3_000.0, 0.3m), (cost.NaiveEntities, cost.NaiveRequests, cost.NaiveDollars));

        // Presence: 16,000,000 entities at 4 shards x 2,000 a second; facts: 2,000,000 at one partition's 2,000;
        // naive: 30,000,000 events at the account's 20,000.
        Assert.Equal((2_000.0, 1_000.0, 3_000.0, 1_500.0), (cost.PresenceSeconds, cost.FactSeconds, cost.Seconds, cost.NaiveSeconds));
    }

    [Fact]
    public void A_Window_Reading_No_Presence_Is_Given_One_Month_Of_Events_In_The_Naive_Design()
    {
        var cost = CostModel.Close(Close(units: 100_000, monthsRead: 0, presenceEntities: 0, factEntities: 100_000), eventsPerUnitMonth: 12, Round);

        Assert.Equal((1_200_000.0, 1_200.0, 0.0), (cost.NaiveEntities, cost.NaiveRequests, cost.PresenceSeconds));
        Assert.Equal(500.0, cost.FactSeconds);
    }

    [Fact]
    public async Task The_Shipped_Prices_Are_Dated_And_Hold_The_Documented_Limits()
    {
        var path = Prices.Find() ?? throw new InvalidOperationException($"{Prices.FileName} was not found above {Environment.CurrentDirectory}.");

        var prices = await Prices.ReadAsync(path, CancellationToken.None);

        Assert.True(DateOnly.TryParseExact(prices.AsOf, "yyyy-MM-dd", out _), prices.AsOf);
        Assert.Equal("USD", prices.Currency);
        Assert.All(
            new[] { prices.Table.PerTenThousandTransactions, prices.Blob.WritePerTenThousand, prices.Blob.ReadPerTenThousand, prices.Queue.PerTenThousand, prices.EventHubs.ThroughputUnitHour },
            price => Assert.True(price > 0));
        Assert.Equal(
            (20_000, 2_000, 1_000, 100, 1_000, 1_048_576),
            (prices.Table.AccountTransactionsPerSecond, prices.Table.PartitionEntitiesPerSecond, prices.Table.QueryPageEntities, prices.Table.TransactionEntities,
                prices.EventHubs.ThroughputUnitEventsPerSecond, prices.EventHubs.ThroughputUnitBytesPerSecond));
    }

    private static EndToEndFigures Figures(long events, long bytesPerEvent, long naiveEvents) => new()
    {
        Events = events,
        Bytes = events * bytesPerEvent,
        Census = new StreamCensus(events, events, 0, 0, 0, 0),
        Requests = Counts,
        NaiveRequests = Counts,
        NaiveEvents = naiveEvents,
    };

    private static CloseFigures Close(int units, int monthsRead, long presenceEntities, long factEntities) =>
        new("monthly-active", units, monthsRead, Quantity: units, Seconds: 1, CpuSeconds: 1, 0, 0, 0, 0, 0, Counts, presenceEntities, factEntities);
}

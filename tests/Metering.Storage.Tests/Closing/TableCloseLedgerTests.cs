using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Storage.Closing;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using NodaTime;

namespace Metering.Storage.Tests.Closing;

/// <summary>The close ledger: one record per (contract, window), replaced by each close, listed per contract.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableCloseLedgerTests(AzuriteFixture azurite)
{
    private static readonly ContractId Meetings = ContractId.Parse("acme-meetings");

    [Fact]
    public async Task A_Contract_Never_Closed_Has_No_Records()
    {
        Assert.Empty(await new TableCloseLedger(TestAccounts.Create(azurite)).ListAsync(Meetings, default));
    }

    [Fact]
    public async Task A_Record_Round_Trips_With_Every_Field_To_The_Nanosecond()
    {
        var ledger = new TableCloseLedger(TestAccounts.Create(azurite));
        var record = new CloseRecord(
            Meetings, "2025-03-01_2025-03-31", 3, new string('f', 64), 5_000_000_000L, new string('d', 64),
            Instant.FromUtc(2025, 4, 3, 2, 0) + Duration.FromNanoseconds(123_456_789));

        await ledger.SaveAsync(record, default);
        var records = await ledger.ListAsync(Meetings, default);

        Assert.Equal(record, Assert.Single(records).Value);
        Assert.Equal(record.WindowId, records.Single().Key);
    }

    [Fact]
    public async Task Saving_A_Window_Again_Replaces_Its_Record_And_Leaves_The_Others()
    {
        var ledger = new TableCloseLedger(TestAccounts.Create(azurite));
        var at = Instant.FromUtc(2025, 4, 3, 0, 0);
        var march = new CloseRecord(Meetings, "2025-03-01_2025-03-31", 1, "f1", 0, "d1", at);
        var april = new CloseRecord(Meetings, "2025-04-01_2025-04-30", 1, "f2", 0, "d1", at);
        var marchAgain = march with { Revision = 2, Fingerprint = "f3", TouchRecords = 2, CheckedAt = at + Duration.FromDays(1) };

        await ledger.SaveAsync(march, default);
        await ledger.SaveAsync(april, default);
        await ledger.SaveAsync(marchAgain, default);

        var records = await ledger.ListAsync(Meetings, default);
        Assert.Equal(2, records.Count);
        Assert.Equal(marchAgain, records["2025-03-01_2025-03-31"]);
        Assert.Equal(april, records["2025-04-01_2025-04-30"]);
    }

    [Fact]
    public async Task A_Record_Older_Than_The_Stored_One_Leaves_It_In_Place()
    {
        var ledger = new TableCloseLedger(TestAccounts.Create(azurite));
        var at = Instant.FromUtc(2025, 4, 5, 9, 0);
        var newer = new CloseRecord(Meetings, "2025-03-01_2025-03-31", 2, "f2", 3, "d1", at);

        await ledger.SaveAsync(newer, default);
        await ledger.SaveAsync(newer with { TouchRecords = 2, CheckedAt = at + Duration.FromMinutes(1) }, default);
        await ledger.SaveAsync(newer with { Revision = 1, Fingerprint = "f1", TouchRecords = 5 }, default);
        var kept = (await ledger.ListAsync(Meetings, default))["2025-03-01_2025-03-31"];
        var amended = newer with { TouchRecords = 0, ContractDigest = "d2" };
        await ledger.SaveAsync(amended, default);
        var resaved = (await ledger.ListAsync(Meetings, default))["2025-03-01_2025-03-31"];

        // The figures never go back; the check time only moves forward, whichever close saved last (docs/closing.md).
        Assert.Equal(newer with { CheckedAt = at + Duration.FromMinutes(1) }, kept);
        Assert.Equal(amended with { CheckedAt = at + Duration.FromMinutes(1) }, resaved);
    }

    // A statement's record sits beside its window's, keyed {window}:{period}, and reads back with its period.
    [Fact]
    public async Task A_Statement_Record_Is_Kept_Beside_Its_Window_Record()
    {
        var ledger = new TableCloseLedger(TestAccounts.Create(azurite));
        var at = Instant.FromUtc(2025, 4, 3, 0, 0);
        var year = new CloseRecord(Meetings, "2025-01-01_2025-12-31", 1, "f", 0, "d", at);
        var january = year with { Revision = 2, PeriodId = "2025-01-01_2025-01-31" };

        await ledger.SaveAsync(year, default);
        await ledger.SaveAsync(january, default);
        var records = await ledger.ListAsync(Meetings, default);

        Assert.Equal(year, records["2025-01-01_2025-12-31"]);
        Assert.Equal(january, records["2025-01-01_2025-12-31:2025-01-01_2025-01-31"]);
    }

    [Fact]
    public async Task Records_Are_Listed_Per_Contract_Only()
    {
        var ledger = new TableCloseLedger(TestAccounts.Create(azurite));
        var at = Instant.FromUtc(2025, 4, 3, 0, 0);
        var other = ContractId.Parse("acme-meetings-2");
        await ledger.SaveAsync(new CloseRecord(Meetings, "2025-03-01_2025-03-31", 1, "f", 0, "d", at), default);
        await ledger.SaveAsync(new CloseRecord(other, "2025-03-01_2025-03-31", 4, "g", 1, "e", at), default);

        Assert.Equal(1, Assert.Single(await ledger.ListAsync(Meetings, default)).Value.Revision);
        Assert.Equal(4, Assert.Single(await ledger.ListAsync(other, default)).Value.Revision);
    }
}

using System.Collections.Immutable;
using Metering.Pipeline.Ingest;

namespace Metering.Pipeline.Tests.Ingest;

public sealed class IngestResultTests
{
    [Fact]
    public void Results_Add_Up_Reason_By_Reason()
    {
        var a = new IngestResult(1, 10, 7, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("malformed-json", 2L), KeyValuePair.Create("unknown-type", 1L)]), 5, 3, 0);
        var b = new IngestResult(1, 4, 3, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("unknown-type", 1L)]), 0, 1, 0);
        var again = new IngestResult(1, 6, 0, ImmutableSortedDictionary.Create<string, long>(StringComparer.Ordinal), 0, 1, 1) { AlreadyRecorded = 6 };

        var sum = a + b + again;

        Assert.Equal(3, sum.Batches);
        Assert.Equal(20, sum.Received);
        Assert.Equal(6, sum.AlreadyRecorded);
        Assert.Equal(sum.Received, sum.Accepted + sum.DeadLetteredTotal + sum.AlreadyRecorded);
        Assert.Equal(10, sum.Accepted);
        Assert.Equal(4, sum.DeadLetteredTotal);
        Assert.Equal(2, sum.DeadLettered["unknown-type"]);
        Assert.Equal(5, sum.EntitiesWritten);
        Assert.Equal(5, sum.StorageRequests);
        Assert.Equal(1, sum.SkippedAsRedelivered);
        Assert.Equal(sum, IngestResult.Empty + sum);
    }
}

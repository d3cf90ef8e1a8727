using Metering.Pipeline.Ingest;

namespace Metering.Storage.Tests.Pipeline;

public sealed class EventHubMetadataTests
{
    [Theory]
    [InlineData("{\"ConsumerGroup\":\"metering\",\"EventHubName\":\"telemetry\",\"PartitionId\":\"3\"}", "3")]
    [InlineData("{\"PartitionId\":\"0\"}", "0")]
    [InlineData("{\"PartitionId\":3}", null)]
    [InlineData("{}", null)]
    [InlineData("[]", null)]
    [InlineData("not json", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Partition_Id_Is_Read_From_The_Partition_Context_Or_Left_Unknown(string? json, string? expected) =>
        Assert.Equal(expected, EventHubMetadata.PartitionIdOf(json));

    [Fact]
    public void A_Message_Keeps_Its_Bytes_Sequence_Number_And_A_One_Based_Position()
    {
        var body = new byte[] { 0x7B, 0x7D };

        var raw = EventHubMetadata.ToRawEvent(body, 4, "7", 123_456);

        Assert.Equal(body, raw.Body.ToArray());
        Assert.Equal(5, raw.Position);
        Assert.Equal("7", raw.Partition);
        Assert.Equal(123_456, raw.SequenceNumber);
    }
}

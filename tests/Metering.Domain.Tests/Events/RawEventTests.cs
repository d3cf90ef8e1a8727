using Metering.Domain.Events;

namespace Metering.Domain.Tests.Events;

public sealed class RawEventTests
{
    private const int Cap = 300_000;

    [Theory]
    // body length, length already recorded by an earlier cut, kept length, original length afterwards
    [InlineData(0, null, 0, null)]
    [InlineData(Cap, null, Cap, null)]
    [InlineData(Cap + 1, null, Cap, Cap + 1L)]
    [InlineData(10_000_000, null, Cap, 10_000_000L)]
    [InlineData(Cap, 10_000_000L, Cap, 10_000_000L)]
    [InlineData(Cap + 5, 10_000_000L, Cap, 10_000_000L)]
    public void A_Body_Is_Cut_To_Its_First_Bytes_With_The_Length_Of_The_Whole_Input(int length, long? cutBefore, int kept, long? original)
    {
        var body = new byte[length];
        for (var i = 0; i < length; i++)
        {
            body[i] = unchecked((byte)i);
        }

        var raw = new RawEvent(body, 7, "2", 42) { OriginalLength = cutBefore, Sender = "lms" }.CutTo(Cap);

        Assert.Equal(body.AsSpan(0, kept).ToArray(), raw.Body.ToArray());
        Assert.Equal(original, raw.OriginalLength);
        Assert.Equal((7L, "2", (long?)42L, "lms"), (raw.Position, raw.Partition, raw.SequenceNumber, raw.Sender));
    }

    [Fact]
    public void A_Cap_At_Or_Below_The_Largest_Acceptable_Body_Is_Refused()
    {
        // A cut event must be one the parser rejects as too large anyway: a cap within the limit would cut a valid one.
        var raw = new RawEvent(new byte[1], 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => raw.CutTo(CloudEventParser.MaxBodyBytes));
        Assert.Same(raw, raw.CutTo(CloudEventParser.MaxBodyBytes + 1));
    }
}

using System.Text;
using Metering.Domain.Events;
using Metering.Domain.Events.Parsing;
using NodaTime;
using NodaTime.Text;

namespace Metering.Domain.Tests.Events;

public sealed class Rfc3339TimeTests
{
    [Theory]
    [InlineData("2025-03-30T01:59:59Z", "2025-03-30T01:59:59Z")]
    [InlineData("2025-03-30T03:00:00+02:00", "2025-03-30T01:00:00Z")]
    [InlineData("2025-10-26T02:30:00+02:00", "2025-10-26T00:30:00Z")]
    [InlineData("2025-10-26T02:30:00+01:00", "2025-10-26T01:30:00Z")]
    [InlineData("2025-06-01T00:00:00-03:00", "2025-06-01T03:00:00Z")]
    [InlineData("2025-06-01T00:00:00+14:00", "2025-05-31T10:00:00Z")]
    [InlineData("2025-06-01T00:00:00-00:00", "2025-06-01T00:00:00Z")]
    [InlineData("2025-06-01T12:00:00.1Z", "2025-06-01T12:00:00.1Z")]
    [InlineData("2025-06-01T12:00:00.000000001Z", "2025-06-01T12:00:00.000000001Z")]
    [InlineData("2025-06-01T12:00:00.999999999+00:00", "2025-06-01T12:00:00.999999999Z")]
    [InlineData("2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z")]
    [InlineData("2000-02-29T12:00:00Z", "2000-02-29T12:00:00Z")]
    [InlineData("2025-06-01t12:00:00z", "2025-06-01T12:00:00Z")]
    [InlineData("2016-12-31T23:59:60Z", "2016-12-31T23:59:59.999999999Z")]
    [InlineData("2017-01-01T00:59:60+01:00", "2016-12-31T23:59:59.999999999Z")]
    [InlineData("2015-06-30T23:59:60.5Z", "2015-06-30T23:59:59.999999999Z")]
    public void Reads_Rfc3339_With_Offset_As_The_Instant_It_Names(string text, string expected)
    {
        Assert.True(Rfc3339Time.TryParse(Encoding.UTF8.GetBytes(text), out var instant));
        Assert.Equal(InstantPattern.ExtendedIso.Parse(expected).Value, instant);
    }

    [Theory]
    [InlineData("2025-06-01T12:00:00", "no offset")]
    [InlineData("2025-06-01T12:00:00+0100", "offset without colon")]
    [InlineData("2025-06-01T12:00:00+01", "offset without minutes")]
    [InlineData("2025-06-01 12:00:00Z", "space instead of T")]
    [InlineData("2025-06-01", "date only")]
    [InlineData("2025-6-1T12:00:00Z", "digits missing")]
    [InlineData("2025-02-29T12:00:00Z", "29 February of a common year")]
    [InlineData("1900-02-29T12:00:00Z", "1900 is not a leap year")]
    [InlineData("2025-04-31T12:00:00Z", "31 April")]
    [InlineData("2025-13-01T12:00:00Z", "month 13")]
    [InlineData("2025-00-01T12:00:00Z", "month 0")]
    [InlineData("2025-06-00T12:00:00Z", "day 0")]
    [InlineData("2025-06-01T24:00:00Z", "hour 24")]
    [InlineData("2025-06-01T12:60:00Z", "minute 60")]
    [InlineData("2025-06-01T12:00:61Z", "second 61")]
    [InlineData("2025-06-01T12:00:60Z", "leap second not at the end of a UTC month")]
    [InlineData("2016-12-31T23:59:60+01:00", "leap second at 22:59 UTC")]
    [InlineData("2025-06-01T12:00:00.Z", "empty fraction")]
    [InlineData("2025-06-01T12:00:00.1234567890Z", "fraction past nanoseconds")]
    [InlineData("2025-06-01T12:00:00+24:00", "offset hour 24")]
    [InlineData("2025-06-01T12:00:00+01:60", "offset minute 60")]
    [InlineData("2025-06-01T12:00:00Z ", "trailing space")]
    [InlineData("2025-06-01T12:00:00ZZ", "trailing content")]
    [InlineData("+2025-06-01T12:00:00Z", "signed year")]
    [InlineData("２０２５-06-01T12:00:00Z", "non-ASCII digits")]
    [InlineData("", "empty")]
    public void Rejects_Anything_Else(string text, string why)
    {
        Assert.False(Rfc3339Time.TryParse(Encoding.UTF8.GetBytes(text), out _), why);
    }

    [Fact]
    public void Edges_Of_The_Representable_Range_Do_Not_Throw()
    {
        Assert.True(Rfc3339Time.TryParse("9999-12-31T23:59:59.999999999Z"u8, out var last));
        Assert.Equal(Instant.MaxValue, last);
        Assert.False(Rfc3339Time.TryParse("9999-12-31T23:59:59-01:00"u8, out _));
        Assert.True(Rfc3339Time.TryParse("0000-01-01T00:00:00Z"u8, out _));
    }

    [Fact]
    public void A_Date_Remembered_From_The_Previous_Time_Reads_As_A_Fresh_One()
    {
        // Every case above, each after every other, through one memo: the same verdict and instant as read afresh.
        var cases = typeof(Rfc3339TimeTests).GetMethods()
            .SelectMany(m => m.GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>())
            .Select(data => (string)data.GetData(null!).Single()[0])
            .Concat(["2025-02-28T10:00:00Z", "2025-02-29T10:00:00Z", "2024-02-29T10:00:00Z", "2025-02-28T10:00:00.5-01:00"])
            .ToArray();
        var memo = default(Rfc3339Time.DateMemo);
        foreach (var first in cases)
        {
            foreach (var second in cases)
            {
                foreach (var text in new[] { first, second })
                {
                    var bytes = Encoding.UTF8.GetBytes(text);
                    var fresh = Rfc3339Time.TryParse(bytes, out var expected);
                    Assert.Equal((fresh, expected), (Rfc3339Time.TryParse(bytes, ref memo, out var instant), instant));
                }
            }
        }
    }
}

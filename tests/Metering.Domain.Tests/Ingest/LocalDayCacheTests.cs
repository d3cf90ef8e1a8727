using CsCheck;
using Metering.Domain.Ingest;
using Metering.Testing.Events;
using NodaTime;

namespace Metering.Domain.Tests.Ingest;

public sealed class LocalDayCacheTests
{
    [Fact]
    public void Local_Days_Equal_The_Zone_Conversion_In_Any_Order_Across_Transitions()
    {
        var tenants = SampleTenants.Directory.All.ToArray();
        // Paris and Sao Paulo change offset in these weeks; Apia skipped 2011-12-30 entirely.
        Instant[] starts = [Instant.FromUtc(2025, 3, 28, 0, 0), Instant.FromUtc(2025, 10, 24, 0, 0), Instant.FromUtc(2011, 12, 28, 0, 0), Instant.FromUtc(2018, 11, 2, 0, 0)];
        Gen.Select(Gen.Int[0, tenants.Length - 1], Gen.Int[0, starts.Length - 1], Gen.Int[0, 5 * 24 * 60]).Array[1, 300].Sample(draws =>
        {
            var cache = new LocalDayCache();
            foreach (var (tenant, start, minute) in draws)
            {
                var time = starts[start] + Duration.FromMinutes(minute);

                Assert.Equal(time.InZone(tenants[tenant].Zone).Date, cache.DayOf(tenants[tenant], time));
            }
        }, iter: 300);
    }
}

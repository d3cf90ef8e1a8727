using System.Collections.Immutable;
using CsCheck;
using Metering.Domain.Events;
using Metering.Domain.Facts;
using Metering.Domain.Tenants;
using Metering.Storage.Facts;
using NodaTime;

namespace Metering.Storage.Tests.Facts;

public sealed class FactCodecTests
{
    private static readonly EventData EveryField = new()
    {
        Deployment = "on-premises",
        Origin = "pstn",
        Scheduled = false,
        Space = "one-on-one",
        ContentId = "book/42",
        Action = "download",
        SessionId = "s-1",
        AccountType = "functional",
        Active = false,
        Roles = ["admin", "billing \"lead\""],
        Aliases = ["zoë@example.com", "line\nbreak"],
        AccessId = "AC-9",
        Role = "admin",
        LicenseId = "lic-7",
        ExpiresAt = Instant.FromUnixTimeTicks(17_000_000_000_000_001).PlusNanoseconds(23),
        CourseId = "c#1",
        Visible = true,
        UserId = "u\\1",
        KnowledgeWorkers = 250,
        DeployedKnowledgeWorkers = long.MaxValue,
        Employees = 0,
    };

    [Fact]
    public void Every_Field_Round_Trips_With_Instants_Exact_To_The_Nanosecond()
    {
        var time = Instant.FromUtc(2024, 2, 29, 23, 59, 59).PlusNanoseconds(123_456_789);
        var fact = new Fact(TenantId.Parse("acme-eu"), FactFamily.AccessId, new Subject("a/b\\c#d?e%f|g 😀"), time, "accessid.assigned", EventKey.Of("app://x", "1"), EveryField);

        var decoded = FactCodec.Decode(FactCodec.Encode(fact));

        Assert.Equal(fact.Tenant, decoded.Tenant);
        Assert.Equal(fact.Family, decoded.Family);
        Assert.Equal(fact.Unit, decoded.Unit);
        Assert.Equal(time, decoded.Time);
        Assert.Equal(fact.Type, decoded.Type);
        Assert.Equal(fact.Key, decoded.Key);
        Assert.Equal(EveryField.ExpiresAt, decoded.Data.ExpiresAt);
        Assert.Equal<string>([.. EveryField.Roles!.Value], [.. decoded.Data.Roles!.Value]);
        Assert.Equal<string>([.. EveryField.Aliases!.Value], [.. decoded.Data.Aliases!.Value]);
        Assert.Equal(EveryField with { Roles = null, Aliases = null }, decoded.Data with { Roles = null, Aliases = null });
    }

    [Fact]
    public void Absent_And_Empty_Lists_Stay_Distinct()
    {
        var absent = Sample(EventData.None);
        var empty = Sample(new EventData { Roles = [], Aliases = [] });

        Assert.Null(FactCodec.Decode(FactCodec.Encode(absent)).Data.Roles);
        Assert.Empty(FactCodec.Decode(FactCodec.Encode(empty)).Data.Roles!.Value);
        Assert.Empty(FactCodec.Decode(FactCodec.Encode(empty)).Data.Aliases!.Value);
    }

    [Fact]
    public void A_Line_Never_Holds_A_Line_Feed_And_Keeps_Non_Ascii_Unescaped()
    {
        var line = FactCodec.Encode(Sample(new EventData { Aliases = ["a\nb", "Zoë"] }));

        Assert.DoesNotContain('\n', line);
        Assert.Contains("Zoë", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_Fields_Are_Corruption_Not_Something_To_Skip()
    {
        var line = FactCodec.Encode(Sample(EventData.None)).Replace("\"data\":{", "\"data\":{\"colour\":\"red\",", StringComparison.Ordinal);

        Assert.Throws<FormatException>(() => FactCodec.Decode(line));
    }

    [Fact]
    public void Arbitrary_Facts_Round_Trip()
    {
        var text = Gen.String[Gen.Char, 1, 40];
        var gen =
            from unit in text
            from ticks in Gen.Long[-62_135_596_800_000_000_0L / 100, 2_534_023_007_999_999_999L / 10]
            from nanos in Gen.Int[0, 99]
            from id in text
            from roles in text.Array[0, 3]
            from origin in text
            from scheduled in Gen.Bool
            from workers in Gen.Long
            select new Fact(
                TenantId.Parse("t1"), FactFamily.User, new Subject(unit), Instant.FromUnixTimeTicks(ticks).PlusNanoseconds(nanos), "user.updated",
                EventKey.Of("app://p", id),
                new EventData { Roles = [.. roles], Origin = origin, Scheduled = scheduled, KnowledgeWorkers = workers });

        gen.Sample(fact =>
        {
            var line = FactCodec.Encode(fact);
            var decoded = FactCodec.Decode(line);
            return FactCodec.Encode(decoded) == line
                && decoded.Time == fact.Time
                && decoded.Unit == fact.Unit
                && decoded.Data.Roles!.Value.SequenceEqual(fact.Data.Roles!.Value);
        }, iter: 2_000);
    }

    private static Fact Sample(EventData data) =>
        new(TenantId.Parse("acme"), FactFamily.User, new Subject("alice"), Instant.FromUtc(2024, 3, 1, 0, 0), "user.updated", EventKey.Of("app://x", "1"), data);
}

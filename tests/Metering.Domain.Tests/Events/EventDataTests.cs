using System.Collections.Immutable;
using CsCheck;
using Metering.Domain.Events;
using NodaTime;

namespace Metering.Domain.Tests.Events;

/// <summary>
/// A payload keeps only the fields given, yet reads, compares and copies as a record of every field: each field reads
/// back what was set, whatever the order or the way it was built; equal fields make equal payloads; a copy made by
/// <c>with</c> never changes its original.
/// </summary>
public sealed class EventDataTests
{
    private static readonly ImmutableArray<string> Admins = ["admin"];
    private static readonly ImmutableArray<string> Readers = ["reader", "viewer"];

    /// <summary>
    /// For every field, maybe a value (null: absent), each payload with its own share of fields given, so that none, a few
    /// (the two slots) and many (the array) are all common; lists are one of two arrays, compared by reference as records do.
    /// </summary>
    private static readonly Gen<object?[]> Payloads = Gen.Select(
            Gen.Int[0, int.MaxValue].Array[EventDataFields.All.Length], Gen.Int[0, 99].Array[EventDataFields.All.Length], Gen.Int[0, 40])
        .Select((seeds, rolls, percent) => EventDataFields.All.Select((field, i) => rolls[i] < percent ? ValueOf(field, seeds[i]) : null).ToArray());

    [Fact]
    public void Every_Field_Reads_Back_What_Was_Set_In_Any_Order_And_Both_Ways_Of_Building_Agree()
    {
        Gen.Select(Payloads, Gen.Int[0, int.MaxValue]).Sample((values, seed) =>
        {
            // An order fixed by the seed alone, so that a failing sample replays.
            var order = Enumerable.Range(0, values.Length).OrderBy(i => unchecked((uint)(i * -1640531535) ^ (uint)seed)).ToArray();
            var set = order.Aggregate(EventData.None, (data, i) => With(data, EventDataFields.All[i], values[i]));
            var built = Build(values);

            for (var i = 0; i < values.Length; i++)
            {
                Assert.Equal(values[i], ValueIn(set, EventDataFields.All[i]));
                Assert.Equal(values[i], ValueIn(built, EventDataFields.All[i]));
            }

            Assert.Equal(set, built);
            Assert.Equal(set.GetHashCode(), built.GetHashCode());
        });
    }

    [Fact]
    public void A_Copy_With_One_Field_Changed_Differs_In_That_Field_Only_And_Leaves_Its_Original_As_It_Was()
    {
        Gen.Select(Payloads, Gen.Int[0, EventDataFields.All.Length - 1], Gen.Int[0, int.MaxValue]).Sample((values, at, seed) =>
        {
            var original = Build(values);
            var field = EventDataFields.All[at];
            // Given when absent; when given, absent or another value.
            var other = values[at] is null ? ValueOf(field, seed) : seed % 2 == 0 ? null : OtherThan(values[at]!);

            var copy = With(original, field, other);

            Assert.NotEqual(original, copy);
            for (var i = 0; i < values.Length; i++)
            {
                Assert.Equal(values[i], ValueIn(original, EventDataFields.All[i]));
                Assert.Equal(i == at ? other : values[i], ValueIn(copy, EventDataFields.All[i]));
            }

            // Setting it back makes an equal payload again.
            Assert.Equal(original, With(copy, field, values[at]));
        });
    }

    [Fact]
    public void Lists_Compare_By_Their_Array_As_A_Records_Fields_Do()
    {
        var one = new EventData { Roles = Admins, SessionId = "s-1", CourseId = "c-1", UserId = "u" };

        Assert.Equal(one, new EventData { Roles = Admins, SessionId = "s-1", CourseId = "c-1", UserId = "u" });
        Assert.NotEqual(one, new EventData { Roles = [.. Admins], SessionId = "s-1", CourseId = "c-1", UserId = "u" });
        Assert.NotEqual(one, new EventData { Roles = Admins, SessionId = "s-1", CourseId = "c-1", UserId = "v" });
    }

    [Fact]
    public void The_Layout_Knows_The_Catalogues_Flags_And_Its_Last_Field()
    {
        // A field added to the catalogue past the last one, or a flag not counted as one, would be dropped or misplaced.
        Assert.Equal(EventData.LastField, EventDataFields.All.Max(f => f.Flag));
        Assert.Equal(EventData.Flags, EventDataFields.All.OfType<FlagField>().Aggregate(DataField.None, (flags, f) => flags | f.Flag));
    }

    [Fact]
    public void A_False_Flag_Is_Given_And_Differs_From_An_Absent_One()
    {
        Assert.Equal(false, new EventData { Active = false }.Active);
        Assert.NotEqual(EventData.None, new EventData { Active = false });
        Assert.NotEqual(new EventData { Active = true }, new EventData { Active = false });
        Assert.Equal(EventData.None, new EventData { Active = false } with { Active = null });
    }

    private static object ValueOf(EventDataField field, int seed) => field switch
    {
        TextField => "v" + (seed % 5),
        FlagField => seed % 2 == 0,
        CountField => (long)(seed % 1000),
        ListField => seed % 2 == 0 ? Admins : Readers,
        InstantField => Instant.FromUnixTimeSeconds(seed % 100_000),
        _ => throw new InvalidOperationException(field.Name),
    };

    private static object OtherThan(object value) => value switch
    {
        string text => text + "'",
        bool flag => !flag,
        long count => count + 1,
        ImmutableArray<string> list => list == Admins ? Readers : Admins,
        Instant instant => instant + Duration.FromSeconds(1),
        _ => throw new InvalidOperationException(value.ToString()),
    };

    private static object? ValueIn(EventData data, EventDataField field) => field switch
    {
        TextField text => text.Get(data),
        FlagField flag => flag.Get(data),
        CountField count => count.Get(data),
        ListField list => list.Get(data),
        InstantField instant => instant.Get(data),
        _ => throw new InvalidOperationException(field.Name),
    };

    private static EventData With(EventData data, EventDataField field, object? value) => field switch
    {
        TextField text => text.Set(data, (string?)value),
        FlagField flag => flag.Set(data, (bool?)value),
        CountField count => count.Set(data, (long?)value),
        ListField list => list.Set(data, (ImmutableArray<string>?)value),
        InstantField instant => instant.Set(data, (Instant?)value),
        _ => throw new InvalidOperationException(field.Name),
    };

    /// <summary>The payload as the parser builds it: every field offered in field order.</summary>
    private static EventData Build(object?[] values)
    {
        var builder = default(EventData.Builder);
        for (var i = 0; i < values.Length; i++)
        {
            var field = EventDataFields.All[i];
            if (field is FlagField)
            {
                builder.Flag(field.Flag, (bool?)values[i]);
            }
            else
            {
                builder.Value(field.Flag, values[i]);
            }
        }

        return builder.Build();
    }
}

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Metering.Domain.Rules;
using NodaTime;
using NodaTime.Text;

namespace Metering.Domain.Closing;

/// <summary>
/// The late-event touches of the days whose data a window's close reads, as a close saw them: per local day, how many
/// events late batches carried. A state fact counts from its time on, so a close reads facts from the start of history
/// and a late fact dated before the window is part of its baseline; so is a session opened the evening before it. The
/// next revision's late-event counts are the growth of these figures.
/// </summary>
/// <param name="Records">Touch records seen (one per batch and day).</param>
/// <param name="EventsByDay">Events per local day.</param>
public sealed record TouchBaseline(long Records, ImmutableSortedDictionary<LocalDate, long> EventsByDay)
{
    /// <summary>No touches.</summary>
    public static TouchBaseline None { get; } = new(0, ImmutableSortedDictionary<LocalDate, long>.Empty);

    /// <summary>
    /// The baseline of a window whose close reads <paramref name="needs"/>, summed over every tenant's touches: a touch
    /// counts when the close reads the kind of data it wrote on its day (<see cref="DataNeeds.Reads"/>), so that a late
    /// event that can change the window's figures changes its baseline, and one that cannot (an activity event for a
    /// state rule, a fact of a month after the window) does not.
    /// </summary>
    public static TouchBaseline Of(IEnumerable<DayTouchTotal> touches, DataNeeds needs)
    {
        ArgumentNullException.ThrowIfNull(touches);
        ArgumentNullException.ThrowIfNull(needs);
        long records = 0;
        var builder = ImmutableSortedDictionary.CreateBuilder<LocalDate, long>();
        foreach (var touch in touches)
        {
            if (!needs.Reads(touch.Day, touch.Data))
            {
                continue;
            }

            records += touch.Records;
            builder[touch.Day] = builder.GetValueOrDefault(touch.Day) + touch.Events;
        }

        return new TouchBaseline(records, builder.ToImmutable());
    }

    /// <summary>The events per day that this baseline has and <paramref name="earlier"/> had not.</summary>
    public ImmutableSortedDictionary<LocalDate, long> Since(TouchBaseline earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var builder = ImmutableSortedDictionary.CreateBuilder<LocalDate, long>();
        foreach (var (day, events) in EventsByDay)
        {
            var growth = events - earlier.EventsByDay.GetValueOrDefault(day);
            if (growth > 0)
            {
                builder[day] = growth;
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>A compact text form for storage metadata: <c>{records};{yyyyMMdd}={events},...</c>.</summary>
    public string ToText()
    {
        var text = new StringBuilder(Records.ToString(CultureInfo.InvariantCulture)).Append(';');
        var first = true;
        foreach (var (day, events) in EventsByDay)
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            text.Append(LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd").Format(day)).Append('=').Append(events.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>Reads <see cref="ToText"/> back; throws <see cref="FormatException"/> on anything else.</summary>
    public static TouchBaseline Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var semicolon = text.IndexOf(';', StringComparison.Ordinal);
        if (semicolon < 0)
        {
            throw new FormatException($"'{text}' is not a touch baseline.");
        }

        var records = long.Parse(text.AsSpan(0, semicolon), NumberStyles.None, CultureInfo.InvariantCulture);
        var builder = ImmutableSortedDictionary.CreateBuilder<LocalDate, long>();
        var pattern = LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd");
        foreach (var entry in text[(semicolon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new FormatException($"'{text}' is not a touch baseline.");
            }

            builder[pattern.Parse(entry[..eq]).GetValueOrThrow()] = long.Parse(entry.AsSpan(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture);
        }

        return new TouchBaseline(records, builder.ToImmutable());
    }
}

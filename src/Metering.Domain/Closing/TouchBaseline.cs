using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace Metering.Domain.Closing;

/// <summary>
/// The late-event touches of a window's days as a close saw them: per local day, how many events late batches
/// carried. The next revision's late-event counts are the growth of these figures.
/// </summary>
/// <param name="Records">Touch records seen (one per batch and day).</param>
/// <param name="EventsByDay">Events per local day.</param>
public sealed record TouchBaseline(long Records, ImmutableSortedDictionary<LocalDate, long> EventsByDay)
{
    /// <summary>No touches.</summary>
    public static TouchBaseline None { get; } = new(0, ImmutableSortedDictionary<LocalDate, long>.Empty);

    /// <summary>The baseline of the days of <paramref name="window"/>, summed over every tenant's touches.</summary>
    public static TouchBaseline Of(IEnumerable<DayTouchTotal> touches, DateInterval window)
    {
        ArgumentNullException.ThrowIfNull(touches);
        ArgumentNullException.ThrowIfNull(window);
        long records = 0;
        var builder = ImmutableSortedDictionary.CreateBuilder<LocalDate, long>();
        foreach (var touch in touches)
        {
            if (!window.Contains(touch.Day))
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

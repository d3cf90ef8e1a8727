using Cronos;
using NodaTime;

namespace Metering.Hosting.Scheduling;

/// <summary>
/// When the close's schedule step runs: an NCRONTAB expression with seconds, the format of the Functions timer
/// trigger (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>), read by the same <c>CloseSchedule</c>
/// setting in every host so that <c>metering serve</c> closes exactly when the Functions app would. Occurrences are
/// taken in UTC, as the Functions host does unless told otherwise (WEBSITE_TIME_ZONE is not used).
/// </summary>
public sealed class CloseSchedule
{
    /// <summary>Every 15 minutes, on the quarter hour: the default of both hosts.</summary>
    public const string DefaultExpression = "0 */15 * * * *";

    private readonly CronExpression _expression;

    private CloseSchedule(string text, CronExpression expression)
    {
        Text = text;
        _expression = expression;
    }

    /// <summary>The default schedule, <see cref="DefaultExpression"/>.</summary>
    public static CloseSchedule Default { get; } = Parse(DefaultExpression);

    /// <summary>The expression as given.</summary>
    public string Text { get; }

    /// <summary>Reads an NCRONTAB expression with seconds; throws <see cref="FormatException"/> with the reason when it is not one.</summary>
    public static CloseSchedule Parse(string text) =>
        TryParse(text, out var schedule, out var problem) ? schedule : throw new FormatException(problem);

    /// <summary>Reads an NCRONTAB expression with seconds, or says why it is not one.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CloseSchedule? schedule, out string problem)
    {
        schedule = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "the close schedule is empty; give an NCRONTAB expression with seconds such as '0 */15 * * * *'.";
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6)
        {
            problem = $"'{trimmed}' is not an NCRONTAB expression with six fields ({{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}), such as '0 */15 * * * *'.";
            return false;
        }

        try
        {
            schedule = new CloseSchedule(trimmed, CronExpression.Parse(trimmed, CronFormat.IncludeSeconds));
            problem = string.Empty;
            return true;
        }
        catch (CronFormatException e)
        {
            problem = $"'{trimmed}' is not a valid NCRONTAB expression: {e.Message}";
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="instant"/>, or null when the expression has none left.</summary>
    public Instant? NextAfter(Instant instant)
    {
        // Cronos speaks DateTime; the conversion happens here and nowhere else.
        var next = _expression.GetNextOccurrence(instant.ToDateTimeUtc(), inclusive: false);
        return next is { } utc ? Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) : null;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}

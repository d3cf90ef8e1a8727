namespace Metering.Domain.Events;

/// <summary>The values of <c>data.action</c> on <c>content.opened</c> (docs/events.md); both count as opening the content (seed 002: "launched or downloaded").</summary>
public static class ContentActions
{
    /// <summary>The content was launched (read online).</summary>
    public const string Launch = "launch";

    /// <summary>The content was downloaded.</summary>
    public const string Download = "download";

    internal static readonly string[] Values = [Launch, Download];
}

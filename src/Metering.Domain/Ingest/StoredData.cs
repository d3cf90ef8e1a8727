namespace Metering.Domain.Ingest;

/// <summary>
/// The kinds of stored activity that accepted events of one local day write, as a close reads them back: the
/// presence of activity events, the timeline facts of state events, the session facts of session events. An event
/// may write more than one (a <c>content.opened</c> is activity and a content fact).
/// </summary>
[Flags]
public enum StoredData
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Presence of the activity, meetings and content groups.</summary>
    Presence = 1,

    /// <summary>Timeline facts of every family but sessions.</summary>
    Facts = 2,

    /// <summary>Session facts.</summary>
    Sessions = 4,

    /// <summary>Every kind: what a touch recorded before the kinds were kept is taken to have written.</summary>
    All = Presence | Facts | Sessions,
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Metering.Pipeline.Telemetry;

/// <summary>
/// The pipeline's OpenTelemetry signals, on the BCL types so that the pipeline needs no telemetry package: one
/// <see cref="Meter"/> and one <see cref="ActivitySource"/>, both named <see cref="Name"/>. Hosts export them
/// (<c>AddMeteringTelemetry</c> in Metering.Hosting); with no listener every recording is a no-op.
/// </summary>
/// <remarks>
/// Instrument names follow the OpenTelemetry conventions (dotted, lowercase, units in UCUM). Counters count what
/// the handlers did, not what a batch asked for: a redelivered batch adds to <see cref="EventsReceived"/> and
/// <see cref="EventsAccepted"/> (the events were valid) but not to <see cref="EntitiesWritten"/>.
/// </remarks>
public static class MeteringTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "Metering";

    /// <summary>The tag naming a dead-letter reason code.</summary>
    public const string ReasonTag = "metering.reason";

    /// <summary>The tag naming how a close ended (<c>written</c>, <c>unchanged</c>, <c>skipped</c>, <c>failed</c>).</summary>
    public const string OutcomeTag = "metering.outcome";

    /// <summary>The tag naming a contract's template.</summary>
    public const string TemplateTag = "metering.template";

    /// <summary>The tag naming a storage service (<c>table</c>, <c>blob</c>, <c>queue</c>).</summary>
    public const string ServiceTag = "metering.storage.service";

    /// <summary>The tag holding the HTTP status code of a storage response, or <c>error</c> when none came back.</summary>
    public const string StatusTag = "http.response.status_code";

    /// <summary>The tag naming the kind of revision written (<c>first</c> or <c>superseding</c>).</summary>
    public const string RevisionKindTag = "metering.revision.kind";

    private static readonly string Version = typeof(MeteringTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>The meter every instrument below belongs to.</summary>
    public static Meter Meter { get; } = new(Name, Version);

    /// <summary>The activity source of the pipeline's spans (<c>ingest.batch</c>, <c>close.schedule</c>, <c>close.window</c>).</summary>
    public static ActivitySource Source { get; } = new(Name, Version);

    /// <summary>Events received by ingest, valid or not.</summary>
    public static Counter<long> EventsReceived { get; } =
        Meter.CreateCounter<long>("metering.events.received", "{event}", "Events received by ingest, valid or not.");

    /// <summary>Events accepted (valid and recorded).</summary>
    public static Counter<long> EventsAccepted { get; } =
        Meter.CreateCounter<long>("metering.events.accepted", "{event}", "Events accepted: valid and recorded.");

    /// <summary>Events dead-lettered, tagged with their primary reason code (<see cref="ReasonTag"/>).</summary>
    public static Counter<long> EventsDeadLettered { get; } =
        Meter.CreateCounter<long>("metering.events.dead_lettered", "{event}", "Events rejected and kept in the dead-letter store, by primary reason.");

    /// <summary>Accepted events whose local day lies in a window already closed.</summary>
    public static Counter<long> LateEvents { get; } =
        Meter.CreateCounter<long>("metering.events.late", "{event}", "Accepted events for days of windows already closed: the next close run revises them.");

    /// <summary>Table entities written by ingest.</summary>
    public static Counter<long> EntitiesWritten { get; } =
        Meter.CreateCounter<long>("metering.entities.written", "{entity}", "Table entities written by ingest (presence merges, fact chunks, touches, markers).");

    /// <summary>Events of batches found already recorded: counted by their first receipt, neither accepted nor dead-lettered again.</summary>
    public static Counter<long> EventsAlreadyRecorded { get; } =
        Meter.CreateCounter<long>("metering.events.already_recorded", "{event}", "Events of batches found already recorded (redeliveries, reruns): counted on their first receipt.");

    /// <summary>Batches found already recorded (redeliveries), for which nothing was written.</summary>
    public static Counter<long> BatchesRedelivered { get; } =
        Meter.CreateCounter<long>("metering.batches.redelivered", "{batch}", "Batches found already recorded: nothing written.");

    /// <summary>How long ingesting one batch took.</summary>
    public static Histogram<double> BatchDuration { get; } =
        Meter.CreateHistogram<double>("metering.ingest.batch.duration", "s", "Time to ingest one batch: plan, archive, dead letters, activity.");

    /// <summary>Requests sent to storage, tagged with the service and the response status (<see cref="ServiceTag"/>, <see cref="StatusTag"/>).</summary>
    public static Counter<long> StorageRequests { get; } =
        Meter.CreateCounter<long>("metering.storage.requests", "{request}", "Requests sent to storage, retries included, by service and status.");

    /// <summary>How long one storage request took, tagged like <see cref="StorageRequests"/>.</summary>
    public static Histogram<double> StorageRequestDuration { get; } =
        Meter.CreateHistogram<double>("metering.storage.request.duration", "s", "Duration of one storage request.");

    /// <summary>Windows the schedule step enqueued, tagged with the reason (<c>due</c>, <c>late-events</c>, <c>amended</c>).</summary>
    public static Counter<long> ClosesScheduled { get; } =
        Meter.CreateCounter<long>("metering.closes.scheduled", "{window}", "Windows enqueued for closing, by reason.");

    /// <summary>Closes of one window, tagged with their outcome (<see cref="OutcomeTag"/>).</summary>
    public static Counter<long> Closes { get; } =
        Meter.CreateCounter<long>("metering.closes", "{window}", "Closes of one window, by outcome.");

    /// <summary>How long closing one window took, tagged with its outcome.</summary>
    public static Histogram<double> CloseDuration { get; } =
        Meter.CreateHistogram<double>("metering.close.duration", "s", "Time to close one window: read, measure, publish.");

    /// <summary>Invoice revisions published, tagged <c>first</c> or <c>superseding</c> (<see cref="RevisionKindTag"/>).</summary>
    public static Counter<long> RevisionsWritten { get; } =
        Meter.CreateCounter<long>("metering.revisions.written", "{revision}", "Invoice revisions published: first ones and those superseding an earlier revision.");
}

using System.Collections.Immutable;
using System.Diagnostics;
using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Pipeline.Retries;
using Metering.Pipeline.Telemetry;
using Metering.Pipeline.Tenants;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Metering.Pipeline.Ingest;

/// <summary>
/// Ingests one batch: plans it against the tenant directory at the current instant, archives every body, keeps
/// the rejected events in the dead-letter store, then records the accepted activity. Bad input never throws (it is
/// dead-lettered with its reasons); a storage failure throws, and handling the same batch again (a retry, a
/// redelivery) changes no figure: every write is idempotent and a fully recorded batch is recognised and skipped.
/// </summary>
/// <remarks>
/// The order matters: the archive comes first so that whatever is recorded can be replayed; then the batch claims the
/// identities of its accepted events (<see cref="IEventClaimStore"/>), so that a reused id is dead-lettered before
/// anything of it counts; the activity store writes the batch's marker last, so a batch counts as recorded only once
/// everything else of it is stored.
/// </remarks>
public sealed partial class IngestHandler
{
    private readonly TenantDirectoryCache _tenants;
    private readonly IRawArchive _archive;
    private readonly IDeadLetterStore _deadLetters;
    private readonly IActivityStore _activity;
    private readonly IEventClaimStore _claims;
    private readonly IClock _clock;
    private readonly ILogger<IngestHandler> _logger;
    private readonly IngestOptions _options;

    /// <summary>Creates the handler over its ports, with the deployment's options.</summary>
    public IngestHandler(
        TenantDirectoryCache tenants,
        IRawArchive archive,
        IDeadLetterStore deadLetters,
        IActivityStore activity,
        IEventClaimStore claims,
        IClock clock,
        ILogger<IngestHandler> logger,
        IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(deadLetters);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _tenants = tenants;
        _archive = archive;
        _deadLetters = deadLetters;
        _activity = activity;
        _claims = claims;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>
    /// Ingests <paramref name="batch"/> (events in arrival order), received now (the clock is read once), in one attempt,
    /// and says what it did. A host that retries a failed batch uses <see cref="HandleUntilRecordedAsync"/> instead, so
    /// that its retries keep the first receipt.
    /// </summary>
    public Task<IngestResult> HandleAsync(IReadOnlyList<RawEvent> batch, CancellationToken cancellationToken) =>
        HandleAsync(batch, _clock.GetCurrentInstant(), cancellationToken);

    /// <summary>Ingests <paramref name="batch"/>, received at <paramref name="receivedAt"/>, in one attempt, and says what it did.</summary>
    public async Task<IngestResult> HandleAsync(IReadOnlyList<RawEvent> batch, Instant receivedAt, CancellationToken cancellationToken) =>
        (await HandleBatchAsync(batch, receivedAt, cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>
    /// Ingests <paramref name="batch"/>, received at <paramref name="receivedAt"/>, in one attempt, and says what it did,
    /// with every rejected event and its reasons (what an HTTP host answers per event; a host reporting totals only uses
    /// <see cref="HandleAsync(IReadOnlyList{RawEvent}, Instant, CancellationToken)"/>).
    /// </summary>
    public async Task<IngestedBatch> HandleBatchAsync(IReadOnlyList<RawEvent> batch, Instant receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return IngestedBatch.Empty;
        }

        var started = Stopwatch.GetTimestamp();
        var plan = await PlanAsync(batch, receivedAt, cancellationToken).ConfigureAwait(false);
        return await RecordAsync(batch, plan, receivedAt, started, false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ingests <paramref name="batch"/>, received at <paramref name="receivedAt"/>, waiting out storage failures with
    /// <paramref name="retry"/> until it is recorded (the Event Hubs host: its checkpoint must not pass the batch). The
    /// batch is planned once, against the first tenant directory read, as of the receipt: every retry writes the same
    /// archive and dead-letter blobs and the same decisions, so an event rejected as in the future by the first attempt
    /// is not accepted by a later one, and a retry past midnight does not file the batch under another day.
    /// </summary>
    public async Task<IngestResult> HandleUntilRecordedAsync(
        IReadOnlyList<RawEvent> batch, Instant receivedAt, RetryForever retry, string description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(retry);
        if (batch.Count == 0)
        {
            return IngestResult.Empty;
        }

        var started = Stopwatch.GetTimestamp();
        var plan = await retry.RunAsync(ct => PlanAsync(batch, receivedAt, ct), description, cancellationToken).ConfigureAwait(false);
        // An attempt whose marker write reached storage but whose answer was lost leaves the batch recorded under this
        // receipt: the next attempt finds that marker and must report the batch as recorded now, not as recorded before.
        var attempts = 0;
        var recorded = await retry.RunAsync(ct => RecordAsync(batch, plan, receivedAt, started, attempts++ > 0, ct), description, cancellationToken).ConfigureAwait(false);
        return recorded.Result;
    }

    /// <summary>
    /// Ingests <paramref name="batch"/> as of <paramref name="receivedAt"/>, the instant it was first received, rather
    /// than the clock's: a replay of the raw archive. The future-time and too-old checks and the archive and dead-letter names
    /// then come out as on the first receipt, so a batch recorded then is recognised by its marker and nothing is
    /// written; the tenant directory is today's, so a source registered since has its events recorded.
    /// </summary>
    public Task<IngestResult> ReplayAsync(IReadOnlyList<RawEvent> batch, Instant receivedAt, CancellationToken cancellationToken) =>
        HandleAsync(batch, receivedAt, cancellationToken);

    private async Task<PlannedBatch> PlanAsync(IReadOnlyList<RawEvent> batch, Instant receivedAt, CancellationToken cancellationToken)
    {
        var tenants = await _tenants.GetAsync(cancellationToken);
        return new PlannedBatch(IngestPlanner.Plan(batch, tenants, receivedAt, _options.MaximumEventAge), tenants);
    }

    private async Task<IngestedBatch> RecordAsync(IReadOnlyList<RawEvent> batch, PlannedBatch planned, Instant receivedAt, long started, bool retrying, CancellationToken cancellationToken)
    {
        var plan = planned.Plan;
        using var activity = MeteringTelemetry.Source.StartActivity("ingest.batch");
        activity?.SetTag("metering.batch", plan.Batch.Value);
        activity?.SetTag("metering.events.received", plan.Received);

        await _archive.WriteAsync(plan.Batch, receivedAt, batch, cancellationToken);

        // A batch recorded whole before, with this very plan, claimed its identities then and found no conflict (or its
        // plan would differ): one marker read, and nothing is claimed or written again.
        var tenants = planned.Tenants;
        var marker = await _activity.RecordedAsync(plan, cancellationToken);

        // A batch recorded before its tenant's zone changed (delivered again, replayed) is planned again in the zones of
        // that recording: its events keep their local days, and what it recorded then counts once.
        if (marker is { Recorded: null, ZonesKept: false })
        {
            LogZonesNotKept(_logger, plan.Batch.Value);
        }

        if (marker is { Recorded: null } && InOtherZones(tenants, marker.Zones))
        {
            tenants = tenants.WithZones(marker.Zones);
            plan = IngestPlanner.Plan(batch, tenants, receivedAt, _options.MaximumEventAge);
            marker = await _activity.RecordedAsync(plan, cancellationToken);
        }

        var recorded = marker?.Recorded;

        // Otherwise claims come before anything counts: a copy whose id an earlier batch claimed with other content is
        // dead-lettered, and the batch is planned again (as of the same receipt and directory) without it. Claiming again
        // what this batch claimed before (a retry, a redelivery) finds no conflict, so every attempt plans the same.
        //
        // A copy of an event counted before in another zone of its tenant (a producer's resend after the zone changed) is
        // planned again to take the local day it counted on then, from its claim's zone: it counts once.
        var claimed = recorded is null ? await _claims.ClaimAsync(plan.Batch, receivedAt, plan.Claims, plan.Zones, cancellationToken) : EventClaimResult.None;
        if (!claimed.Conflicts.IsEmpty || !claimed.OtherZones.IsEmpty)
        {
            plan = IngestPlanner.Plan(batch, tenants, receivedAt, _options.MaximumEventAge, claimed.Conflicts.SetItems(claimed.OtherZones));

            // A batch with a reused id recorded before left the marker of this plan, without the reused copy, not of the
            // first: look again, so that its delivery again is recognised before anything is filed or written.
            recorded = (await _activity.RecordedAsync(plan, cancellationToken))?.Recorded;
        }

        // A batch recorded whole before, with this plan or another, filed its rejected events then (they are written before
        // the marker), under the day of that receipt: filing them again would count them twice in the days' dead letters.
        // What another plan rejects now was either rejected then (filed) or accepted then (counted, so not a dead letter:
        // a source removed since, an id claimed since by another batch once its claim had expired).
        if (!plan.Rejected.IsEmpty && recorded is null && marker is null)
        {
            await _deadLetters.WriteAsync(plan.Batch, receivedAt, plan.Rejected, cancellationToken);
        }

        // An earlier recording's zones of tenants this plan accepted nothing for (their source since unlisted, say) stay
        // in the marker: the batch read again once they count is planned in the zones its first recording gave them.
        if (recorded is null && marker is { Zones.IsEmpty: false })
        {
            plan = plan with { Zones = marker.Zones.SetItems(plan.Zones) };
        }

        var stored = recorded ?? await _activity.WriteAsync(plan, receivedAt, cancellationToken);
        var written = stored with { Entities = stored.Entities + claimed.Counts.Entities, Requests = stored.Requests + claimed.Counts.Requests };

        // A batch recorded before was reported then: its events count as already recorded, not again as accepted,
        // dead-lettered or late, so that reports of a rerun or a resent request can be summed with the first. The
        // exception is a retry of this very receipt whose earlier attempt wrote the marker: nothing reported it yet.
        var recordedByThisReceipt = written.AlreadyRecorded && retrying && written.RecordedAt == receivedAt;
        var result = written.AlreadyRecorded && !recordedByThisReceipt
            ? new IngestResult(1, plan.Received, 0, ImmutableSortedDictionary.Create<string, long>(StringComparer.Ordinal), written.Entities, written.Requests, 1)
            {
                AlreadyRecorded = plan.Received,
            }
            : new IngestResult(
                1,
                plan.Received,
                plan.Accepted,
                plan.Rejected
                    .GroupBy(r => r.Reason, StringComparer.Ordinal)
                    .ToImmutableSortedDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal),
                written.Entities,
                written.Requests,
                0)
            {
                LateEvents = written.LateEvents,
            };
        LogBatch(_logger, plan.Batch.Value, result.Received, result.Accepted, result.DeadLetteredTotal, result.EntitiesWritten, result.SkippedAsRedelivered > 0);
        Record(result, Stopwatch.GetElapsedTime(started), activity);
        return new IngestedBatch(result, plan.Rejected);
    }

    private sealed record PlannedBatch(IngestPlan Plan, TenantDirectory Tenants);

    private static bool InOtherZones(TenantDirectory tenants, IReadOnlyDictionary<TenantId, DateTimeZone> zones) =>
        zones.Any(z => tenants.TryGet(z.Key.Value, out var tenant) && tenant.Zone.Id != z.Value.Id);

    // Recorded only once the batch is stored: a batch that failed and is retried counts once, when it succeeds.
    private static void Record(IngestResult result, TimeSpan elapsed, Activity? activity)
    {
        MeteringTelemetry.EventsReceived.Add(result.Received);
        MeteringTelemetry.EventsAccepted.Add(result.Accepted);
        foreach (var (reason, count) in result.DeadLettered)
        {
            MeteringTelemetry.EventsDeadLettered.Add(count, new KeyValuePair<string, object?>(MeteringTelemetry.ReasonTag, reason));
        }

        MeteringTelemetry.EntitiesWritten.Add(result.EntitiesWritten);
        MeteringTelemetry.LateEvents.Add(result.LateEvents);
        MeteringTelemetry.BatchesRedelivered.Add(result.SkippedAsRedelivered);
        MeteringTelemetry.EventsAlreadyRecorded.Add(result.AlreadyRecorded);
        MeteringTelemetry.BatchDuration.Record(elapsed.TotalSeconds);
        activity?.SetTag("metering.events.accepted", result.Accepted);
        activity?.SetTag("metering.events.dead_lettered", result.DeadLetteredTotal);
        activity?.SetTag("metering.entities.written", result.EntitiesWritten);
        activity?.SetTag("metering.batch.already_recorded", result.SkippedAsRedelivered > 0);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Batch {Batch} was recorded by a build that did not keep the zones it was planned in: it is planned in the tenants' zones of today, and where one changed since, its events count again on that zone's days.")]
    private static partial void LogZonesNotKept(ILogger logger, string batch);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Batch {Batch}: {Received} received, {Accepted} accepted, {DeadLettered} dead-lettered, {Entities} entities written (already recorded: {AlreadyRecorded}).")]
    private static partial void LogBatch(ILogger logger, string batch, long received, long accepted, long deadLettered, long entities, bool alreadyRecorded);
}

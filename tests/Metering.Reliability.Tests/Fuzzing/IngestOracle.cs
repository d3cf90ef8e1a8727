using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Reliability.Tests.Fuzzing;

/// <summary>
/// What must hold of any batch, whatever its bytes (docs/events.md): planning never throws; every event is either accepted or
/// dead-lettered with at least one known reason, once, so accepted + dead-lettered = received; and an accepted event
/// really is valid, judged independently of the parser: well-formed UTF-8 and JSON of at most 256 KiB, attributes
/// (read with <see cref="JsonDocument"/>) equal to what the parser read, a registered tenant and a source registered
/// for it, a subject of 1 to 256 characters without control characters, a time at most 5 minutes ahead. Each event
/// is also parsed alone by a fresh parser, which must agree with the batch's parser (its caches must not carry one
/// event's state into the next), except that a valid copy of an id the batch counted with other content is dead-lettered
/// as a reused id (docs/events.md, "Duplicates and reused ids").
/// </summary>
internal sealed class IngestOracle(TenantDirectory tenants, Instant now)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private static readonly ImmutableHashSet<string> Reasons = [.. RejectionReason.All];

    public long Batches { get; private set; }

    public long Events { get; private set; }

    public long Accepted { get; private set; }

    public SortedDictionary<string, long> ByReason { get; } = new(StringComparer.Ordinal);

    public void Check(IReadOnlyList<RawEvent> batch)
    {
        var plan = IngestPlanner.Plan(batch, tenants, now);
        Assert.Equal(batch.Count, plan.Received);
        Assert.Equal(batch.Count, plan.Accepted + plan.Rejected.Length);
        Assert.Equal(plan.Rejected.Length, plan.Rejected.Select(r => r.Event).Distinct(ReferenceEqualityComparer.Instance).Count());
        var inBatch = batch.ToHashSet<RawEvent>(ReferenceEqualityComparer.Instance);
        Assert.True(plan.Rejected.All(r => inBatch.Contains(r.Event)), "A rejected event is not one of the batch's.");

        var rejected = plan.Rejected.Select(r => r.Event).ToHashSet(ReferenceEqualityComparer.Instance);
        var reused = plan.Rejected.Where(r => r.Reason == RejectionReason.ConflictingDuplicate).Select(r => r.Event).ToHashSet(ReferenceEqualityComparer.Instance);
        var alones = batch.Select(raw => (Accepted: new CloudEventParser(tenants, now).TryParse(raw, out var parsed, out var rejection), Parsed: parsed, Rejection: rejection)).ToArray();
        var counted = batch.Select((raw, i) => (raw, alones[i]))
            .Where(e => e.Item2.Accepted && !rejected.Contains(e.raw))
            .Select(e => (e.Item2.Parsed!.Tenant, e.Item2.Parsed.Source, e.Item2.Parsed.Id))
            .ToHashSet();
        for (var i = 0; i < batch.Count; i++)
        {
            var raw = batch[i];
            var (accepted, parsed, rejection) = alones[i];

            // A valid event the batch dead-lettered as a reused id: the batch counted another copy of its tenant, source and id.
            if (reused.Contains(raw))
            {
                Assert.True(accepted, $"An invalid event was dead-lettered as a reused id: {Show(raw)}");
                Assert.True(counted.Contains((parsed!.Tenant, parsed.Source, parsed.Id)), $"A reused id was dead-lettered but no copy of it counted: {Show(raw)}");
                ByReason[RejectionReason.ConflictingDuplicate] = ByReason.GetValueOrDefault(RejectionReason.ConflictingDuplicate) + 1;
                continue;
            }

            Assert.True(accepted != rejected.Contains(raw), $"The batch and a parser of its own disagree on {Show(raw)}");
            if (accepted)
            {
                AssertValid(raw, parsed!);
                Accepted++;
            }
            else
            {
                Assert.NotEmpty(rejection!.Errors);
                Assert.All(rejection.Errors, e => Assert.True(Reasons.Contains(e.Code), $"unknown reason {e.Code}"));
                ByReason[rejection.Reason] = ByReason.GetValueOrDefault(rejection.Reason) + 1;
                AssertMalformedIsRejectedAsSuch(raw, rejection);
            }
        }

        Batches++;
        Events += batch.Count;
    }

    private void AssertValid(RawEvent raw, MeteringEvent parsed)
    {
        var body = raw.Body.Span;
        Assert.True(raw.OriginalLength is null && !raw.IsBatchRemainder, $"A cut body or a broken array's remainder was accepted: {Show(raw)}");
        Assert.True(body.Length <= CloudEventParser.MaxBodyBytes, "An event over 256 KiB was accepted.");
        _ = StrictUtf8.GetString(body);
        using var document = JsonDocument.Parse(raw.Body);
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal(parsed.Id, root.GetProperty("id").GetString());
        Assert.Equal(parsed.Source, root.GetProperty("source").GetString());
        Assert.Equal(parsed.Type.Name, root.GetProperty("type").GetString());
        Assert.Equal(parsed.Tenant.Value, root.GetProperty("tenantid").GetString());
        Assert.Equal(parsed.Subject.Value, root.GetProperty("subject").GetString());
        Assert.True(tenants.TryGet(parsed.Tenant.Value, out var tenant) && tenant.Allows(parsed.Source), $"An event of an unregistered tenant or source was accepted: {Show(raw)}");
        var runes = parsed.Subject.Value.EnumerateRunes().ToList();
        Assert.InRange(runes.Count, 1, CloudEventParser.MaxSubjectLength);
        Assert.DoesNotContain(runes, r => Rune.IsControl(r));
        Assert.True(parsed.Time <= now + CloudEventParser.FutureTolerance, "An event more than 5 minutes ahead was accepted.");
        Assert.True(parsed.Time >= now - CloudEventParser.DefaultMaximumAge, "An event older than the oldest-event horizon was accepted.");
        Assert.True(parsed.Id.Length > 0 && parsed.Source.Length > 0);
    }

    // Bytes that are not one JSON document (System.Text.Json's verdict, nesting limited to 64) are malformed JSON,
    // unless something decided earlier (too large, cut, a broken array's remainder).
    private static void AssertMalformedIsRejectedAsSuch(RawEvent raw, RejectedEvent rejection)
    {
        if (raw.OriginalLength is not null || raw.IsBatchRemainder || raw.Body.Length > CloudEventParser.MaxBodyBytes)
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(raw.Body);
        }
        catch (JsonException)
        {
            Assert.True(rejection.Reason == RejectionReason.MalformedJson, $"{Show(raw)} is not JSON but was rejected as {rejection.Reason}");
        }
    }

    public static string Show(RawEvent raw)
    {
        var body = raw.Body.Span;
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]);
        return string.Create(CultureInfo.InvariantCulture, $"position {raw.Position}, {body.Length} bytes: {text}");
    }
}

using Metering.Domain.Events;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Benchmarks.Generation;

/// <summary>A generated stream held in memory as one batch of raw events, with the tenant directory that registers its tenants.</summary>
/// <param name="Events">The raw events, positions 1, 2, ...</param>
/// <param name="Tenants">The directory of the stream's tenants and sources.</param>
/// <param name="Bytes">The total size of the bodies.</param>
public sealed record GeneratedBatch(IReadOnlyList<RawEvent> Events, TenantDirectory Tenants, long Bytes)
{
    /// <summary>
    /// Events <paramref name="skip"/> + 1 to <paramref name="skip"/> + <paramref name="count"/> of a stream of
    /// <paramref name="streamEvents"/> events of <paramref name="shape"/>: a batch from the middle of the month is
    /// typical of steady ingest (the very first batch is full of <c>user.created</c>, every user being new).
    /// </summary>
    public static GeneratedBatch Create(StreamShape shape, long streamEvents, long skip, int count)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var events = new List<RawEvent>(count);
        long bytes = 0;
        foreach (var body in new EventStream(shape, streamEvents).Bodies().Skip(checked((int)skip)).Take(count))
        {
            events.Add(new RawEvent(body, events.Count + 1));
            bytes += body.Length;
        }

        return new GeneratedBatch(events, DirectoryOf(shape), bytes);
    }

    /// <summary>The registry snapshot of the shape's tenants, each allowing its one source.</summary>
    public static TenantDirectory DirectoryOf(StreamShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return new TenantDirectory(shape.Tenants.Select(t =>
            new Tenant(TenantId.Parse(t.Id), DateTimeZoneProviders.Tzdb[t.Zone], [t.Source])));
    }
}

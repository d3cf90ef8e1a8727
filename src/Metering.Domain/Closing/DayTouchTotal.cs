using Metering.Domain.Ingest;
using NodaTime;

namespace Metering.Domain.Closing;

/// <summary>
/// The late-event touches of one local day of a tenant that wrote the same kinds of data: how many batch records,
/// carrying how many events.
/// </summary>
/// <param name="Day">The local day.</param>
/// <param name="Data">What the events of these records wrote.</param>
/// <param name="Records">Touch records (one per late batch that carried events of that day).</param>
/// <param name="Events">Events those batches carried for that day.</param>
public sealed record DayTouchTotal(LocalDate Day, StoredData Data, long Records, long Events);

using Metering.Domain.Ingest;
using NodaTime;
using NodaTime.Text;

namespace Metering.Storage.Archive;

/// <summary>
/// Names of the per-batch blobs of the <c>archive</c> and <c>deadletter</c> containers:
/// <c>{yyyy}/{MM}/{dd}/{batch id}.ndjson</c>, the day being the UTC day the batch was received.
/// </summary>
public static class BlobNames
{
    /// <summary>The extension of every per-batch blob.</summary>
    public const string Extension = ".ndjson";

    private static readonly LocalDatePattern DayFolder = LocalDatePattern.CreateWithInvariantCulture("uuuu'/'MM'/'dd'/'");

    /// <summary>The blob name of <paramref name="batch"/> received at <paramref name="receivedAt"/>.</summary>
    public static string Of(BatchId batch, Instant receivedAt) => DayPrefix(receivedAt.InUtc().Date) + batch.Value + Extension;

    /// <summary>The name prefix of the blobs of batches received on UTC day <paramref name="day"/>.</summary>
    public static string DayPrefix(LocalDate day) => DayFolder.Format(day);

    /// <summary>The batch id in a blob name written by <see cref="Of"/>.</summary>
    public static BatchId BatchOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var file = name[(name.LastIndexOf('/') + 1)..];
        return file.EndsWith(Extension, StringComparison.Ordinal)
            ? new BatchId(file[..^Extension.Length])
            : throw new FormatException($"'{name}' is not a batch blob name.");
    }
}

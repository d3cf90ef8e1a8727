namespace Metering.Reliability.Tests.Fuzzing;

/// <summary>The lines of the pipeline's per-batch NDJSON blobs (archive, dead letters), read back independently of its own reader.</summary>
internal static class NdjsonLines
{
    public static IEnumerable<ReadOnlyMemory<byte>> Of(byte[] content)
    {
        ReadOnlyMemory<byte> rest = content;
        while (!rest.IsEmpty)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            if (!line.IsEmpty)
            {
                yield return line;
            }
        }
    }
}

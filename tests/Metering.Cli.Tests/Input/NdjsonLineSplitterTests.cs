using System.Text;
using Metering.Cli.Input;

namespace Metering.Cli.Tests.Input;

/// <summary>Tests of the temporary line splitter (replaced by the events branch's reader at merge).</summary>
public sealed class NdjsonLineSplitterTests
{
    [Fact]
    public async Task Lines_Become_Events_Byte_For_Byte_With_Their_Line_Numbers()
    {
        var text = "{\"a\":1}\r\n\n  \n{\"b\":\"é\"}\n{\"c\":3}";

        var batches = await ReadAsync(text, batchSize: 2);

        Assert.Equal([2, 2], batches.Select(b => b.Count));
        var events = batches.SelectMany(b => b).ToList();
        Assert.Equal([1L, 3, 4, 5], events.Select(e => e.Position));
        Assert.Equal(["{\"a\":1}", "  ", "{\"b\":\"é\"}", "{\"c\":3}"], events.Select(e => Encoding.UTF8.GetString(e.Body.Span)));
    }

    [Fact]
    public async Task Batches_Are_Cut_Every_Batch_Size_Events()
    {
        var text = string.Concat(Enumerable.Range(1, 7).Select(i => $"{{\"n\":{i}}}\n"));

        var batches = await ReadAsync(text, batchSize: 3);

        Assert.Equal([3, 3, 1], batches.Select(b => b.Count));
    }

    private static async Task<List<IReadOnlyList<Domain.Events.RawEvent>>> ReadAsync(string text, int batchSize)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var batches = new List<IReadOnlyList<Domain.Events.RawEvent>>();
        await foreach (var batch in NdjsonLineSplitter.ReadBatchesAsync(stream, batchSize, default))
        {
            batches.Add(batch);
        }

        return batches;
    }
}

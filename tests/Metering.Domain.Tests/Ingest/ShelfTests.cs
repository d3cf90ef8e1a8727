using Metering.Domain.Ingest;

namespace Metering.Domain.Tests.Ingest;

/// <summary>
/// The shelf the planner keeps its working tables on (as many as the process has processors): what one thread puts
/// back, another takes; never more than its capacity; never one object to two takers at once.
/// </summary>
public sealed class ShelfTests
{
    [Fact]
    public void What_One_Thread_Puts_Back_Another_Takes()
    {
        var shelf = new Shelf<object>(2);
        var tables = new object();

        var put = new Thread(() => shelf.Put(tables));
        put.Start();
        put.Join();
        object? taken = null;
        var take = new Thread(() => taken = shelf.Take());
        take.Start();
        take.Join();

        Assert.Same(tables, taken);
        Assert.Null(shelf.Take());
    }

    [Fact]
    public void Past_Its_Capacity_What_Is_Put_Is_Left_To_The_Collector()
    {
        var shelf = new Shelf<object>(2);

        Assert.True(shelf.Put(new object()));
        Assert.True(shelf.Put(new object()));
        Assert.False(shelf.Put(new object()));
        Assert.Equal(2, shelf.Count);
    }

    [Fact]
    public void Threads_Taking_And_Putting_Back_Never_Share_One_Object_Nor_Keep_More_Than_The_Capacity()
    {
        var shelf = new Shelf<Box>(3);
        var shared = 0;
        var overfull = 0;

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            var box = shelf.Take() ?? new Box();
            if (Interlocked.Exchange(ref box.InUse, 1) != 0)
            {
                Interlocked.Increment(ref shared);
            }

            Thread.SpinWait(2_000);
            Volatile.Write(ref box.InUse, 0);
            shelf.Put(box);
            if (shelf.Count > shelf.Capacity)
            {
                Interlocked.Increment(ref overfull);
            }
        });

        Assert.Equal(0, shared);
        Assert.Equal(0, overfull);
        Assert.InRange(shelf.Count, 1, shelf.Capacity);
    }

    private sealed class Box
    {
        public int InUse;
    }
}

namespace Metering.Domain.Ingest;

/// <summary>
/// A few reusable objects kept for whichever thread needs one next (<see cref="PlannerScratch"/>): at most
/// <see cref="Capacity"/>, the last put taken first. Thread-safe.
/// </summary>
/// <typeparam name="T">What is kept.</typeparam>
internal sealed class Shelf<T>
    where T : class
{
    private readonly Stack<T> _kept = new();
    private readonly Lock _lock = new();

    /// <param name="capacity">How many are kept at most; past it, what is put is left to the collector.</param>
    public Shelf(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
    }

    /// <summary>How many are kept at most.</summary>
    public int Capacity { get; }

    /// <summary>How many are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _kept.Count;
            }
        }
    }

    /// <summary>One kept object, or null when none is.</summary>
    public T? Take()
    {
        lock (_lock)
        {
            return _kept.TryPop(out var item) ? item : null;
        }
    }

    /// <summary>Keeps <paramref name="item"/> unless <see cref="Capacity"/> are kept already; whether it was kept.</summary>
    public bool Put(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_lock)
        {
            if (_kept.Count >= Capacity)
            {
                return false;
            }

            _kept.Push(item);
            return true;
        }
    }
}

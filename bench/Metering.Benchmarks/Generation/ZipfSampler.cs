namespace Metering.Benchmarks.Generation;

/// <summary>
/// Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s: rank 0 is the busiest user. The cumulative
/// table is built once (n is thousands), and a draw is a binary search.
/// </summary>
public sealed class ZipfSampler
{
    private readonly double[] _cumulative;

    /// <param name="n">How many ranks.</param>
    /// <param name="exponent">The exponent s.</param>
    public ZipfSampler(int n, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        _cumulative = new double[n];
        var total = 0.0;
        for (var rank = 0; rank < n; rank++)
        {
            total += 1.0 / Math.Pow(rank + 1, exponent);
            _cumulative[rank] = total;
        }

        for (var rank = 0; rank < n; rank++)
        {
            _cumulative[rank] /= total;
        }
    }

    /// <summary>A rank for a uniform draw in [0, 1).</summary>
    public int Rank(double uniform)
    {
        var at = Array.BinarySearch(_cumulative, uniform);
        return Math.Min(at >= 0 ? at : ~at, _cumulative.Length - 1);
    }
}

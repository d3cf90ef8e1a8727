namespace Metering.Domain.Ingest;

/// <summary>
/// A least-significant-digit radix sort of 64-bit words by a range of their bits, up to eleven bits a pass. The planner
/// groups tens of thousands of small records per batch (claims, presence): packed into words, they sort in a few
/// sequential passes, where a hash table larger than the caches costs a random access per record and a comparison
/// sort about sixteen comparisons. Stable, so bits outside the range keep their input order.
/// </summary>
internal static class RadixSort
{
    /// <summary>The widest digit a pass sorts by.</summary>
    private const int MaxDigitBits = 11;

    /// <summary>
    /// Sorts <paramref name="words"/> by bits <paramref name="lowBit"/> to <paramref name="lowBit"/> +
    /// <paramref name="bitCount"/> - 1, using <paramref name="spare"/> (at least as long) as room: the sorted words are
    /// in the span returned, one of the two.
    /// </summary>
    public static Span<ulong> Sort(Span<ulong> words, Span<ulong> spare, int lowBit, int bitCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(spare.Length, words.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(lowBit);
        ArgumentOutOfRangeException.ThrowIfNegative(bitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lowBit + bitCount, 64);
        if (bitCount == 0 || words.Length < 2)
        {
            return words;
        }

        // As few passes as digits of at most MaxDigitBits allow, the bits shared evenly between them: 32 bits sort in
        // three passes of 11, 11 and 10, with counts that stay in the first-level cache.
        var passes = (bitCount + MaxDigitBits - 1) / MaxDigitBits;
        var width = (bitCount + passes - 1) / passes;
        var counts = new int[passes << width];
        unchecked
        {
            var mask = (1 << width) - 1;
            var range = bitCount == 64 ? ulong.MaxValue : (1UL << bitCount) - 1; // bits past the range sort nothing
            foreach (var word in words)
            {
                var rest = (word >> lowBit) & range;
                for (var pass = 0; pass < passes; pass++)
                {
                    counts[(pass << width) + ((int)rest & mask)]++;
                    rest >>= width;
                }
            }

            var from = words;
            var into = spare[..words.Length];
            for (var pass = 0; pass < passes; pass++)
            {
                var digits = counts.AsSpan(pass << width, 1 << width);
                var shift = pass * width;
                if (digits[(int)(((from[0] >> lowBit) & range) >> shift) & mask] == from.Length)
                {
                    continue; // every word has the same digit here: the pass would only copy
                }

                var offset = 0;
                for (var d = 0; d < digits.Length; d++)
                {
                    (digits[d], offset) = (offset, offset + digits[d]);
                }

                foreach (var word in from)
                {
                    into[digits[(int)(((word >> lowBit) & range) >> shift) & mask]++] = word;
                }

                var swap = from;
                from = into;
                into = swap;
            }

            return from;
        }
    }

    /// <summary>How many bits hold the numbers 0 to <paramref name="count"/> - 1.</summary>
    public static int BitsFor(int count) => count <= 1 ? 0 : 32 - int.LeadingZeroCount(count - 1);
}

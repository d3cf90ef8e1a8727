namespace Metering.Domain.Ingest;

/// <summary>
/// A least-significant-digit radix sort of 64-bit words by a range of their bits, eight bits a pass. The planner
/// groups tens of thousands of small records per batch (claims, presence): packed into words, they sort in a few
/// sequential passes, where a hash table larger than the caches costs a random access per record and a comparison
/// sort about sixteen comparisons. Stable, so bits outside the range keep their input order.
/// </summary>
internal static class RadixSort
{
    private const int DigitBits = 8;

    private const int Digits = 1 << DigitBits;

    /// <summary>
    /// Sorts <paramref name="words"/> by bits <paramref name="lowBit"/> to <paramref name="lowBit"/> +
    /// <paramref name="bitCount"/> - 1, using <paramref name="spare"/> (at least as long) as room: the sorted words are
    /// in the span returned, one of the two.
    /// </summary>
    public static Span<ulong> Sort(Span<ulong> words, Span<ulong> spare, int lowBit, int bitCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(spare.Length, words.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(lowBit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lowBit + bitCount, 64);
        var passes = (bitCount + DigitBits - 1) / DigitBits;
        Span<int> counts = stackalloc int[passes * Digits];
        counts.Clear();
        foreach (var word in words)
        {
            for (var pass = 0; pass < passes; pass++)
            {
                counts[(pass * Digits) + Digit(word, lowBit + (pass * DigitBits), DigitMask(bitCount, pass))]++;
            }
        }

        var from = words;
        var into = spare[..words.Length];
        for (var pass = 0; pass < passes; pass++)
        {
            var digits = counts.Slice(pass * Digits, Digits);
            var shift = lowBit + (pass * DigitBits);
            var mask = DigitMask(bitCount, pass);
            if (from.IsEmpty || digits[Digit(from[0], shift, mask)] == from.Length)
            {
                continue; // every word has the same digit here: the pass would only copy
            }

            var offset = 0;
            for (var d = 0; d < Digits; d++)
            {
                (digits[d], offset) = (offset, offset + digits[d]);
            }

            foreach (var word in from)
            {
                into[digits[Digit(word, shift, mask)]++] = word;
            }

            var swap = from;
            from = into;
            into = swap;
        }

        return from;
    }

    /// <summary>How many bits hold the numbers 0 to <paramref name="count"/> - 1.</summary>
    public static int BitsFor(int count) => count <= 1 ? 0 : 32 - int.LeadingZeroCount(count - 1);

    private static int Digit(ulong word, int shift, int mask) => unchecked((int)(word >> shift)) & mask;

    /// <summary>The bits of pass <paramref name="pass"/>'s digit: eight, or fewer in the last pass of a range that is not a multiple of eight.</summary>
    private static int DigitMask(int bitCount, int pass) => (1 << Math.Min(DigitBits, bitCount - (pass * DigitBits))) - 1;
}

using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Metering.Domain.Events.Parsing;

/// <summary>
/// The first 128 bits of SHA-256 (FIPS 180-4), computed in managed code. <see cref="EventKey"/> hashes one short
/// input per fact, and the platform's one-shot SHA-256 costs more in reaching the native library than in hashing
/// the one or two blocks of a key; the result is bit for bit the same (tests compare it with the platform's).
/// <see cref="HashMany"/> hashes a batch's keys eight at a time, one in each 32-bit lane of a 256-bit vector: .NET has
/// no SHA instructions, and scalar SHA-256 spent about 600 ns on each fact's key (docs/performance.md, section 1).
/// </summary>
internal static class Sha256Prefix
{
    private const int Lanes = 8;

    private static readonly uint[] InitialState = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

    private static readonly uint[] RoundConstants =
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    /// <summary>Bytes 0..15 of SHA-256(<paramref name="message"/>), read as a big-endian number.</summary>
    public static UInt128 Hash(ReadOnlySpan<byte> message)
    {
        Span<uint> state = stackalloc uint[8];
        InitialState.CopyTo(state);
        Span<uint> schedule = stackalloc uint[64];
        var full = message.Length / 64 * 64;
        for (var offset = 0; offset < full; offset += 64)
        {
            Compress(state, schedule, message.Slice(offset, 64));
        }

        // The tail, the 0x80 marker and the message length in bits (big-endian) fill one or two last blocks.
        Span<byte> last = stackalloc byte[128];
        var tail = message[full..];
        tail.CopyTo(last);
        last[tail.Length] = 0x80;
        var blocks = tail.Length < 56 ? 1 : 2;
        BinaryPrimitives.WriteUInt64BigEndian(last.Slice((blocks * 64) - 8, 8), (ulong)message.Length * 8);
        for (var block = 0; block < blocks; block++)
        {
            Compress(state, schedule, last.Slice(block * 64, 64));
        }

        return new UInt128(((ulong)state[0] << 32) | state[1], ((ulong)state[2] << 32) | state[3]);
    }

    /// <summary>
    /// <see cref="Hash"/> of each message of <paramref name="bytes"/>: message <c>i</c> ends at <c>ends[i]</c> and starts
    /// where message <c>i - 1</c> ends (the first at 0); its hash goes to <c>hashes[i]</c>.
    /// </summary>
    /// <param name="bytes">The messages, one after the other.</param>
    /// <param name="ends">Where each message ends.</param>
    /// <param name="hashes">Where each message's hash goes.</param>
    /// <param name="lanes">
    /// Whether to hash eight at a time; by default when 256-bit vectors are hardware-accelerated (tests set it, so that
    /// both ways are checked on any machine: without the hardware, vectors are emulated and slow, but exact).
    /// </param>
    public static void HashMany(ReadOnlySpan<byte> bytes, ReadOnlySpan<int> ends, Span<UInt128> hashes, bool? lanes = null)
    {
        if (hashes.Length < ends.Length)
        {
            throw new ArgumentException("There is less room for hashes than there are messages.", nameof(hashes));
        }

        var i = 0;
        if (lanes ?? Vector256.IsHardwareAccelerated)
        {
            for (; i + Lanes <= ends.Length; i += Lanes)
            {
                HashEight(bytes, ends, i, hashes.Slice(i, Lanes));
            }
        }

        for (; i < ends.Length; i++)
        {
            hashes[i] = Hash(bytes[(i == 0 ? 0 : ends[i - 1])..ends[i]]);
        }
    }

    /// <summary>
    /// Messages <paramref name="first"/> to <paramref name="first"/> + 7, one per lane. Lanes run as many blocks as the
    /// longest message has; a lane whose message has ended keeps its state through the blocks that follow.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HashEight(ReadOnlySpan<byte> bytes, ReadOnlySpan<int> ends, int first, Span<UInt128> hashes)
    {
        Span<int> starts = stackalloc int[Lanes];
        Span<int> lengths = stackalloc int[Lanes];
        Span<int> blocks = stackalloc int[Lanes];
        var most = 0;
        for (var lane = 0; lane < Lanes; lane++)
        {
            var message = first + lane;
            starts[lane] = message == 0 ? 0 : ends[message - 1];
            lengths[lane] = ends[message] - starts[lane];
            blocks[lane] = ((lengths[lane] + 8) / 64) + 1;
            most = Math.Max(most, blocks[lane]);
        }

        Span<Vector256<uint>> state = stackalloc Vector256<uint>[8];
        for (var i = 0; i < 8; i++)
        {
            state[i] = Vector256.Create(InitialState[i]);
        }

        var blockCounts = Vector256.Create<int>(blocks);
        Span<Vector256<uint>> w = stackalloc Vector256<uint>[64];
        Span<uint> words = stackalloc uint[16 * Lanes];
        Span<byte> block = stackalloc byte[64];
        for (var b = 0; b < most; b++)
        {
            for (var lane = 0; lane < Lanes; lane++)
            {
                PaddedBlock(bytes.Slice(starts[lane], lengths[lane]), b, blocks[lane], block);
                for (var t = 0; t < 16; t++)
                {
                    words[(t * Lanes) + lane] = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(t * 4, 4));
                }
            }

            for (var t = 0; t < 16; t++)
            {
                w[t] = Vector256.Create<uint>(words.Slice(t * Lanes, Lanes));
            }

            var running = Vector256.LessThan(Vector256.Create(b), blockCounts).AsUInt32();
            Compress(state, w, running);
        }

        for (var lane = 0; lane < Lanes; lane++)
        {
            hashes[lane] = new UInt128(
                ((ulong)state[0].GetElement(lane) << 32) | state[1].GetElement(lane),
                ((ulong)state[2].GetElement(lane) << 32) | state[3].GetElement(lane));
        }
    }

    /// <summary>Block <paramref name="index"/> of <paramref name="message"/> padded into <paramref name="blocks"/> blocks (zeros past them).</summary>
    private static void PaddedBlock(ReadOnlySpan<byte> message, int index, int blocks, Span<byte> block)
    {
        block.Clear();
        if (index >= blocks)
        {
            return;
        }

        var offset = index * 64;
        if (offset < message.Length)
        {
            message.Slice(offset, Math.Min(64, message.Length - offset)).CopyTo(block);
        }

        if (message.Length >= offset && message.Length < offset + 64)
        {
            block[message.Length - offset] = 0x80;
        }

        if (index == blocks - 1)
        {
            BinaryPrimitives.WriteUInt64BigEndian(block[56..], (ulong)message.Length * 8);
        }
    }

    /// <summary>One block in every lane; lanes outside <paramref name="running"/> keep their state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compress(Span<Vector256<uint>> state, Span<Vector256<uint>> w, Vector256<uint> running)
    {
        for (var t = 16; t < 64; t++)
        {
            var x = w[t - 15];
            var y = w[t - 2];
            var s0 = RotateRight(x, 7) ^ RotateRight(x, 18) ^ Vector256.ShiftRightLogical(x, 3);
            var s1 = RotateRight(y, 17) ^ RotateRight(y, 19) ^ Vector256.ShiftRightLogical(y, 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }

        Vector256<uint> a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
        var k = RoundConstants;
        for (var t = 0; t < 64; t++)
        {
            var sum1 = RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25);
            var choose = (e & f) ^ Vector256.AndNot(g, e);
            var t1 = h + sum1 + choose + Vector256.Create(k[t]) + w[t];
            var sum0 = RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22);
            var majority = (a & b) ^ (a & c) ^ (b & c);
            var t2 = sum0 + majority;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }

        state[0] = Vector256.ConditionalSelect(running, state[0] + a, state[0]);
        state[1] = Vector256.ConditionalSelect(running, state[1] + b, state[1]);
        state[2] = Vector256.ConditionalSelect(running, state[2] + c, state[2]);
        state[3] = Vector256.ConditionalSelect(running, state[3] + d, state[3]);
        state[4] = Vector256.ConditionalSelect(running, state[4] + e, state[4]);
        state[5] = Vector256.ConditionalSelect(running, state[5] + f, state[5]);
        state[6] = Vector256.ConditionalSelect(running, state[6] + g, state[6]);
        state[7] = Vector256.ConditionalSelect(running, state[7] + h, state[7]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> RotateRight(Vector256<uint> x, [System.Diagnostics.CodeAnalysis.ConstantExpected] int bits) =>
        Vector256.ShiftRightLogical(x, bits) | Vector256.ShiftLeft(x, 32 - bits);

    private static void Compress(Span<uint> state, Span<uint> w, ReadOnlySpan<byte> block)
    {
        unchecked
        {
            for (var t = 0; t < 16; t++)
            {
                w[t] = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(t * 4, 4));
            }

            for (var t = 16; t < 64; t++)
            {
                var x = w[t - 15];
                var y = w[t - 2];
                var s0 = BitOperations.RotateRight(x, 7) ^ BitOperations.RotateRight(x, 18) ^ (x >> 3);
                var s1 = BitOperations.RotateRight(y, 17) ^ BitOperations.RotateRight(y, 19) ^ (y >> 10);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }

            uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
            var k = RoundConstants;
            for (var t = 0; t < 64; t++)
            {
                var sum1 = BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25);
                var choose = (e & f) ^ (~e & g);
                var t1 = h + sum1 + choose + k[t] + w[t];
                var sum0 = BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22);
                var majority = (a & b) ^ (a & c) ^ (b & c);
                var t2 = sum0 + majority;
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }

            state[0] += a;
            state[1] += b;
            state[2] += c;
            state[3] += d;
            state[4] += e;
            state[5] += f;
            state[6] += g;
            state[7] += h;
        }
    }
}

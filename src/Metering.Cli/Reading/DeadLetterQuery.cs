using Metering.Cli.Output;
using Metering.Domain.Ingest;
using Metering.Domain.Ports;
using NodaTime;

namespace Metering.Cli.Reading;

/// <summary>The dead letters <c>deadletters list|show</c> and <c>GET /deadletters</c> read.</summary>
public static partial class DeadLetterQuery
{
    /// <summary>How far back a listing looks without a start.</summary>
    public static readonly Duration DefaultSpan = Duration.FromDays(7);

    /// <summary>The longest range one listing reads: each day of it is one listing of the container.</summary>
    public static readonly Duration MaximumSpan = Duration.FromDays(366);

    /// <summary>
    /// The batches a listing reads: [<paramref name="from"/>, <paramref name="to"/>), by default up to
    /// <paramref name="now"/> included and from <see cref="DefaultSpan"/> before its end; null, with a problem added
    /// naming <paramref name="fromName"/> and <paramref name="toName"/>, when it is empty or longer than
    /// <see cref="MaximumSpan"/>.
    /// </summary>
    public static Interval? Range(Instant? from, Instant? to, Instant now, string fromName, string toName, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var end = to ?? now + Duration.Epsilon;
        var start = from ?? end - DefaultSpan;
        if (end <= start)
        {
            problems.Add(to is null ? $"{fromName} is after now: no batch was received since." : $"{toName} must be after {fromName}.");
            return null;
        }

        if (end - start > MaximumSpan)
        {
            problems.Add($"{fromName} to {toName} spans more than 366 days: list a year at most at a time.");
            return null;
        }

        return new Interval(start, end);
    }

    /// <summary>
    /// The dead letters of the batches received within <paramref name="received"/>, oldest batch first, those whose body
    /// names <paramref name="tenant"/> (when given) and that carry <paramref name="reason"/> among their reasons (when
    /// given), streamed batch by batch: a week of a misconfigured sender can hold a great many bodies of up to 1 MiB.
    /// </summary>
    public static async IAsyncEnumerable<ShownDeadLetter> ListAsync(
        IDeadLetterStore store, Interval received, string? tenant, string? reason, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        await foreach (var batch in store.ListAsync(received, cancellationToken))
        {
            foreach (var rejected in await store.ReadAsync(batch, cancellationToken))
            {
                var letter = new ShownDeadLetter(batch, rejected);
                if ((tenant is null || letter.Attributes.Tenant == tenant) && (reason is null || rejected.Errors.Any(e => e.Code == reason)))
                {
                    yield return letter;
                }
            }
        }
    }

    /// <summary>Every dead letter of <paramref name="batch"/>, of every day it was received on; empty when it has none.</summary>
    public static async Task<IReadOnlyList<ShownDeadLetter>> OfBatchAsync(IDeadLetterStore store, BatchId batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var letters = new List<ShownDeadLetter>();
        foreach (var blob in await store.FindAsync(batch, cancellationToken))
        {
            letters.AddRange((await store.ReadAsync(blob, cancellationToken)).Select(r => new ShownDeadLetter(blob, r)));
        }

        return letters;
    }

    /// <summary>Whether <paramref name="text"/> is a batch id: 32 lowercase hex digits.</summary>
    public static bool IsBatchId(string text) => BatchIdText().IsMatch(text);

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial System.Text.RegularExpressions.Regex BatchIdText();
}

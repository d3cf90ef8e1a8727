using Azure.Core;
using Azure.Core.Pipeline;
using Metering.Testing.Faults;

namespace Metering.Reliability.Tests.Faults;

/// <summary>
/// A random storage fault schedule, from a seed: a fault probability per request, a budget of faults (so that every
/// retried operation ends), and a mix of the four ways a request fails: a 503 or a broken connection
/// (<see cref="IOException"/>), before the request reaches the server or after the server applied it (the response
/// is lost). It runs as four <see cref="FaultInjector"/>s in the storage clients' own pipeline, above the SDK's
/// retries, so every fault reaches the pipeline's code. The seed fixes the parameters and the sequence of draws; a
/// deployment that makes its requests one at a time (one partition at a time) therefore meets the same faults at the
/// same requests on every run.
/// </summary>
internal sealed class FaultSchedule
{
    private const string DrawProperty = "reliability.fault";
    private static readonly (FaultKind Kind, bool AfterServer)[] Ways =
    [
        (FaultKind.ServiceUnavailable, false),
        (FaultKind.IOException, false),
        (FaultKind.ServiceUnavailable, true),
        (FaultKind.IOException, true),
    ];

    private readonly Random _random;
    private readonly double[] _cumulative;
    private int _remaining;
    private int _writesAppliedButFailed;

    public FaultSchedule(int seed)
    {
        Seed = seed;
        _random = new Random(seed);
        Probability = 0.005 + (_random.NextDouble() * 0.145);
        Budget = _random.Next(3, 41);
        _remaining = Budget;
        var weights = Ways.Select(_ => _random.NextDouble()).ToArray();
        var sum = weights.Sum();
        var running = 0.0;
        _cumulative = [.. weights.Select(w => running += w / sum)];
        Injectors = [.. Ways.Select((way, i) => FaultInjector.FailWhen(m => Draw(m) == i, way.Kind, way.AfterServer))];
    }

    public int Seed { get; }

    /// <summary>The chance that a request fails while the budget lasts.</summary>
    public double Probability { get; }

    /// <summary>The most faults this schedule injects.</summary>
    public int Budget { get; }

    /// <summary>The injectors, in pipeline order: 503 before, I/O before, 503 after, I/O after the server.</summary>
    public IReadOnlyList<FaultInjector> Injectors { get; }

    public HttpPipelinePolicy[] Policies => [.. Injectors];

    /// <summary>Requests that went through the schedule.</summary>
    public int Requests => Injectors[0].Requests;

    public int Faults => Injectors.Sum(i => i.Faults);

    public int FaultsBefore => Injectors[0].Faults + Injectors[1].Faults;

    public int FaultsAfter => Injectors[2].Faults + Injectors[3].Faults;

    public int ServiceUnavailable => Injectors[0].Faults + Injectors[2].Faults;

    public int BrokenConnections => Injectors[1].Faults + Injectors[3].Faults;

    /// <summary>Faults after the server applied a write (a request other than GET or HEAD): the hardest case for idempotency.</summary>
    public int WritesAppliedButFailed => Volatile.Read(ref _writesAppliedButFailed);

    public override string ToString() =>
        FormattableString.Invariant($"seed {Seed}: p={Probability:0.000}, budget {Budget}, {Faults} faults over {Requests} requests");

    // The first injector draws for the request and leaves the draw on the message for the three below it.
    private int Draw(HttpMessage message)
    {
        if (message.TryGetProperty(DrawProperty, out var drawn) && drawn is int way)
        {
            return way;
        }

        lock (_random)
        {
            way = -1;
            if (_remaining > 0 && _random.NextDouble() < Probability)
            {
                _remaining--;
                var pick = _random.NextDouble();
                way = Array.FindIndex(_cumulative, c => pick < c);
                way = way < 0 ? Ways.Length - 1 : way;
                if (Ways[way].AfterServer && message.Request.Method != RequestMethod.Get && message.Request.Method != RequestMethod.Head)
                {
                    _writesAppliedButFailed++;
                }
            }
        }

        message.SetProperty(DrawProperty, way);
        return way;
    }
}

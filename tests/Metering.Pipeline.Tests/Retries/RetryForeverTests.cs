using Metering.Pipeline.Retries;
using Metering.Testing.Logging;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Metering.Pipeline.Tests.Retries;

public sealed class RetryForeverTests
{
    private static readonly RetryForeverOptions Options = new(Duration.FromSeconds(1), Duration.FromSeconds(30));

    [Fact]
    public async Task An_Operation_Failing_Many_Times_Is_Retried_Until_It_Succeeds()
    {
        var delays = new List<Duration>();
        var logger = new RecordingLogger<RetryForever>();
        var retry = new RetryForever(logger, Options, (d, _) => { delays.Add(d); return Task.CompletedTask; }, new Random(7));
        var attempts = 0;

        var result = await retry.RunAsync(
            _ => ++attempts <= 25 ? throw new IOException("storage down") : Task.FromResult("recorded"), "ingest", default);

        Assert.Equal("recorded", result);
        Assert.Equal(26, attempts);
        Assert.Equal(25, delays.Count);
        Assert.Equal(25, logger.Entries.Count(e => e.Level == LogLevel.Warning && e.Exception is IOException));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(1000, 30)]
    public void The_Delay_Ceiling_Doubles_From_The_Initial_Delay_Up_To_The_Maximum(int failures, int ceilingSeconds)
    {
        var retry = new RetryForever(new RecordingLogger<RetryForever>(), Options);

        Assert.Equal(Duration.FromSeconds(ceilingSeconds), retry.Ceiling(failures));
    }

    [Fact]
    public async Task Every_Delay_Lies_Between_Half_Its_Ceiling_And_The_Ceiling()
    {
        var delays = new List<Duration>();
        var retry = new RetryForever(new RecordingLogger<RetryForever>(), Options, (d, _) => { delays.Add(d); return Task.CompletedTask; });
        var attempts = 0;

        await retry.RunAsync(_ => ++attempts <= 40 ? throw new InvalidOperationException() : Task.CompletedTask, "op", default);

        Assert.All(delays.Select((d, i) => (Delay: d, Ceiling: retry.Ceiling(i + 1))), x =>
            Assert.InRange(x.Delay, x.Ceiling / 2, x.Ceiling));
        Assert.True(delays.Distinct().Count() > 10, "the delays are jittered");
    }

    [Fact]
    public async Task Cancellation_During_A_Delay_Ends_The_Retries()
    {
        using var cts = new CancellationTokenSource();
        var attempts = 0;
        var retry = new RetryForever(new RecordingLogger<RetryForever>(), Options, (_, ct) =>
        {
            cts.Cancel();
            return Task.FromCanceled(ct);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            retry.RunAsync(_ => { attempts++; throw new IOException(); }, "op", cts.Token));
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task A_Timeout_Inside_The_Operation_Is_A_Failure_To_Retry_Not_A_Cancellation()
    {
        var attempts = 0;
        var retry = new RetryForever(new RecordingLogger<RetryForever>(), Options, (_, _) => Task.CompletedTask);

        await retry.RunAsync(_ => ++attempts == 1 ? throw new TaskCanceledException("HTTP timeout") : Task.CompletedTask, "op", default);

        Assert.Equal(2, attempts);
    }
}

using Metering.Functions.Tests.Support;
using Metering.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace Metering.Functions.Tests;

/// <summary>The one exception middleware: a failure is logged with its function and invocation and rethrown for the host's rules.</summary>
public sealed class FailureLoggingMiddlewareTests
{
    [Fact]
    public async Task A_Failure_Is_Logged_With_Its_Function_And_Invocation_And_Rethrown()
    {
        var logger = new RecordingLogger<FailureLoggingMiddleware>();
        var context = new FakeFunctionContext("close-window");
        var failure = new InvalidOperationException("storage gone");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new FailureLoggingMiddleware(logger).Invoke(context, _ => throw failure));

        Assert.Same(failure, thrown);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Same(failure, entry.Exception);
        Assert.Contains("close-window", entry.Message, StringComparison.Ordinal);
        Assert.Contains(context.InvocationId, entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Cancellation_Is_Rethrown_Without_An_Error_Log()
    {
        var logger = new RecordingLogger<FailureLoggingMiddleware>();

        await Assert.ThrowsAsync<OperationCanceledException>(
            () => new FailureLoggingMiddleware(logger).Invoke(new FakeFunctionContext("ingest"), _ => throw new OperationCanceledException()));

        Assert.Empty(logger.Entries);
    }

    [Fact]
    public async Task A_Success_Passes_Through_Unlogged()
    {
        var logger = new RecordingLogger<FailureLoggingMiddleware>();
        var ran = false;

        await new FailureLoggingMiddleware(logger).Invoke(new FakeFunctionContext("ingest"), _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        Assert.True(ran);
        Assert.Empty(logger.Entries);
    }
}

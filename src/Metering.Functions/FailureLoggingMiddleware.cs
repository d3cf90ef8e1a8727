using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Metering.Functions;

/// <summary>
/// The one exception middleware: every failure is logged with the function and invocation it belongs to, then
/// rethrown so that the host applies its retry, poison-queue and checkpoint rules.
/// </summary>
public sealed class FailureLoggingMiddleware(ILogger<FailureLoggingMiddleware> logger) : IFunctionsWorkerMiddleware
{
    /// <inheritdoc />
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Function {Function} failed (invocation {Invocation})", context.FunctionDefinition.Name, context.InvocationId);
            throw;
        }
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Metering.Cli.Serve;

/// <summary>
/// Answers a refused request with its <see cref="RequestProblem"/> and logs one line for it: the status, the
/// reason, and who asked for what (remote address and path), so that a client that keeps being refused, or a page
/// trying to reach the service through a rebound name, shows in the log.
/// </summary>
public sealed partial class RequestRefusals(ILogger<RequestRefusals> logger)
{
    /// <summary>Logs the refusal and writes <paramref name="problem"/> as the response.</summary>
    public Task RefuseAsync(HttpContext context, RequestProblem problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(problem);
        LogRefused(logger, problem.Status, problem.Title, problem.Detail, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", context.Request.Path.Value ?? "/");
        return problem.WriteAsync(context.Response, context.RequestAborted);
    }

    /// <summary>
    /// Refuses, before anything else runs, a request whose Host header is not a loopback name for the port it came
    /// in on (see <see cref="LoopbackHosts"/>).
    /// </summary>
    public async Task FilterHostAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!LoopbackHosts.IsServed(context.Request.Host, context.Connection.LocalPort))
        {
            await RefuseAsync(context, RequestProblem.ForeignHost(context.Request.Host.Value));
            return;
        }

        await next(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Status} ({Reason}: {Detail}) to {RemoteAddress} for {Path}.")]
    private static partial void LogRefused(ILogger logger, int status, string reason, string detail, string remoteAddress, string path);
}

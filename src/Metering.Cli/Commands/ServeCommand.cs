using System.CommandLine;
using System.Globalization;
using Metering.Cli.Failures;
using Metering.Cli.Serve;
using Metering.Hosting.Scheduling;
using Metering.Hosting.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering serve</c>: the local host in one process. It accepts events over HTTP on loopback
/// (<c>POST /events</c>), runs the close schedule on the same NCRONTAB setting as the Functions timer, drains the
/// close queue, answers <c>GET /healthz</c>, and on Ctrl+C or SIGTERM stops accepting, finishes in-flight requests
/// and the current close, then exits 0.
/// </summary>
public static class ServeCommand
{
    /// <summary>The environment variable of the close schedule: the Functions app setting's name.</summary>
    public const string CloseScheduleVariable = "CloseSchedule";

    /// <summary>The largest request body limit accepted (the body is held in memory while it is ingested).</summary>
    public const long MaxRequestBytesCeiling = 1L << 30;

    /// <summary>The most request bodies that may be held at once.</summary>
    public const int MaxConcurrentRequestsCeiling = 1024;

    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(environment);
        var urls = new Option<string>("--urls")
        {
            Description = $"Loopback URLs to listen on, separated by ';' (default {ServeOptions.DefaultUrl}; port 0 picks a free port).",
            DefaultValueFactory = _ => ServeOptions.DefaultUrl,
        };
        var maxRequestBytes = new Option<long>("--max-request-bytes")
        {
            Description = "Largest request body accepted; larger ones are refused with 413 (default 16 MiB).",
            DefaultValueFactory = _ => ServeOptions.DefaultMaxRequestBytes,
        };
        var maxConcurrent = new Option<int>("--max-concurrent-requests")
        {
            Description = $"Request bodies read and held in memory at once; a request that finds none free within a second is answered 503 with Retry-After (default {ServeOptions.DefaultMaxConcurrentRequests}).",
            DefaultValueFactory = _ => ServeOptions.DefaultMaxConcurrentRequests,
        };
        var schedule = new Option<string?>("--close-schedule")
        {
            Description = $"When the close runs: NCRONTAB with seconds, UTC (default: ${CloseScheduleVariable}, else '{CloseSchedule.DefaultExpression}').",
        };
        var shutdown = new Option<int>("--shutdown-timeout")
        {
            Description = "Seconds a shutdown waits for in-flight requests and the current close (default 30).",
            DefaultValueFactory = _ => 30,
        };
        var consoleTelemetry = new Option<bool>("--console-telemetry")
        {
            Description = $"Print metrics and traces to standard output (OTLP export is on when ${TelemetryExport.OtlpEndpointVariable} is set).",
        };
        var command = new Command("serve", "Run the local host: ingest over HTTP on loopback, close windows on the close schedule, answer /healthz.")
        {
            urls, maxRequestBytes, maxConcurrent, schedule, shutdown, consoleTelemetry,
        };
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "serve", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            if (settings.AsOf is not null)
            {
                problems.Add("--as-of does not apply to serve: its close schedule runs on the system clock.");
            }

            var options = Options(parseResult, environment, problems, urls, maxRequestBytes, maxConcurrent, schedule, shutdown, consoleTelemetry);
            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await RunAsync(settings, options!, environment, cancellationToken);
            return ExitCodes.Success;
        }, CancellationToken.None));
        return command;
    }

    /// <summary>Starts the host, prints where it listens, and runs until <paramref name="stop"/> is signalled.</summary>
    public static async Task RunAsync(Hosting.Settings.MeteringSettings settings, ServeOptions options, CliEnvironment environment, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(environment);
        await using var app = ServeHost.Build(settings, options, environment);
        try
        {
            await app.StartAsync(CancellationToken.None);
        }
        catch (Microsoft.AspNetCore.Connections.AddressInUseException e)
        {
            throw new InvalidInputException($"--urls: cannot listen: {e.Message}", e);
        }

        foreach (var address in ServeHost.Addresses(app))
        {
            await environment.Out.WriteLineAsync($"Listening on {address.GetLeftPart(UriPartial.Authority)} (POST /events, GET /healthz)");
        }

        var next = app.Services.GetRequiredService<ScheduledCloseLoop>().NextOccurrence;
        await environment.Out.WriteLineAsync(
            $"Close schedule '{options.Schedule}' (UTC); next run at {(next is { } n ? n.ToString("uuuu-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture) : "never")}.");
        await environment.Out.WriteLineAsync("Press Ctrl+C to stop.");
        await environment.Out.FlushAsync(CancellationToken.None);
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: stop gracefully below.
        }

        await environment.Error.WriteLineAsync("Stopping: finishing in-flight requests and the current close...");
        await app.StopAsync(CancellationToken.None);
    }

    private static ServeOptions? Options(
        ParseResult parseResult,
        CliEnvironment environment,
        List<string> problems,
        Option<string> urls,
        Option<long> maxRequestBytes,
        Option<int> maxConcurrent,
        Option<string?> schedule,
        Option<int> shutdown,
        Option<bool> consoleTelemetry)
    {
        var urlList = parseResult.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        problems.AddRange(LoopbackUrls.Parse(urlList).Problems);
        var limit = parseResult.GetValue(maxRequestBytes);
        if (limit is < 1 or > MaxRequestBytesCeiling)
        {
            problems.Add($"--max-request-bytes must be between 1 and {MaxRequestBytesCeiling} (the body is held in memory while it is ingested).");
        }

        var concurrent = parseResult.GetValue(maxConcurrent);
        if (concurrent is < 1 or > MaxConcurrentRequestsCeiling)
        {
            problems.Add($"--max-concurrent-requests must be between 1 and {MaxConcurrentRequestsCeiling} (each request may hold --max-request-bytes in memory).");
        }

        var scheduleText = parseResult.GetValue(schedule) ?? NonEmpty(environment.Variable(CloseScheduleVariable)) ?? CloseSchedule.DefaultExpression;
        if (!CloseSchedule.TryParse(scheduleText, out var closeSchedule, out var scheduleProblem))
        {
            problems.Add("--close-schedule: " + scheduleProblem);
        }

        var seconds = parseResult.GetValue(shutdown);
        if (seconds < 1 || TimeSpan.FromSeconds(seconds) > ServeOptions.MaxShutdownTimeout)
        {
            problems.Add($"--shutdown-timeout must be between 1 and {ServeOptions.MaxShutdownTimeout.TotalSeconds} seconds.");
        }

        TelemetryExport? telemetry = null;
        try
        {
            telemetry = TelemetryExport.From("metering-serve", parseResult.GetValue(consoleTelemetry), environment.Variable);
        }
        catch (FormatException e)
        {
            problems.Add(e.Message);
        }

        return closeSchedule is null ? null : new ServeOptions
        {
            Urls = urlList,
            MaxRequestBytes = limit,
            MaxConcurrentRequests = Math.Clamp(concurrent, 1, MaxConcurrentRequestsCeiling),
            Schedule = closeSchedule,
            ShutdownTimeout = TimeSpan.FromSeconds(Math.Clamp(seconds, 1, (int)ServeOptions.MaxShutdownTimeout.TotalSeconds)),
            Telemetry = telemetry,
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

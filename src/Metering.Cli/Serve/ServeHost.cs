using Metering.Cli.Reading;
using Metering.Hosting.Composition;
using Metering.Hosting.Settings;
using Metering.Hosting.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Metering.Cli.Serve;

/// <summary>
/// The web host of <c>metering serve</c>: Kestrel on loopback endpoints, the pipeline's one composition
/// (<c>AddMetering</c>), <c>POST /events</c>, <c>GET /healthz</c>, the close schedule and the queue worker. The
/// command and the tests build it the same way; tests add their own services (a fake clock) first, which
/// <c>AddMetering</c> keeps.
/// </summary>
public static class ServeHost
{
    /// <summary>Builds the host; throws <see cref="ArgumentException"/> when an URL is not a loopback one.</summary>
    public static WebApplication Build(
        MeteringSettings settings,
        ServeOptions options,
        CliEnvironment environment,
        Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var (endpoints, problems) = LoopbackUrls.Parse(options.Urls);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(options));
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "metering" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            // ce-* headers are handed over octet for octet, not refused when not UTF-8: CloudEventHeaders reads their text.
            kestrel.RequestHeaderEncodingSelector = CloudEventHeaders.HeaderEncoding;
            foreach (var endpoint in endpoints)
            {
                kestrel.Listen(endpoint);
            }
        });
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Logging.ClearProviders();
        if (options.ConsoleLogs)
        {
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ ";
            });
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.AddFilter("Azure", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        configureServices?.Invoke(builder.Services);
        builder.Services.AddMetering(settings, environment.ConfigureClients);
        if (options.Telemetry is { IsEnabled: true } export)
        {
            builder.Services.AddMeteringTelemetry(export);
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<RequestRefusals>();
        builder.Services.AddSingleton<RequestSlots>();
        builder.Services.AddSingleton<EventsEndpoint>();
        builder.Services.AddSingleton<StorageHealth>();
        builder.Services.AddSingleton<ReadEndpoints>();
        builder.Services.AddSingleton<WindowExplainer>();
        builder.Services.AddSingleton<CloseQueueLoop>();
        builder.Services.AddSingleton<ScheduledCloseLoop>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CloseQueueLoop>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ScheduledCloseLoop>());

        var app = builder.Build();
        var refusals = app.Services.GetRequiredService<RequestRefusals>();
        app.Use(refusals.FilterHostAsync);
        app.MapPost("/events", context => context.RequestServices.GetRequiredService<EventsEndpoint>().HandleAsync(context));
        app.MapGet("/healthz", context => context.RequestServices.GetRequiredService<StorageHealth>().HandleAsync(context));
        app.MapGet("/invoices/{tenant}/{contract}/{window}/evidence", context => context.RequestServices.GetRequiredService<ReadEndpoints>().EvidenceAsync(context));
        app.MapGet("/invoices/{tenant}/{contract}/{window}/explain", context => context.RequestServices.GetRequiredService<ReadEndpoints>().ExplainAsync(context));
        app.MapPost("/invoices/{tenant}/{contract}/{window}/reconcile", context => context.RequestServices.GetRequiredService<ReadEndpoints>().ReconcileAsync(context));
        app.MapGet("/report", context => context.RequestServices.GetRequiredService<ReadEndpoints>().ReportAsync(context));
        app.MapGet("/report/{tenant}", context => context.RequestServices.GetRequiredService<ReadEndpoints>().ReportAsync(context));
        app.MapGet("/deadletters", context => context.RequestServices.GetRequiredService<ReadEndpoints>().ListAsync(context));
        app.MapGet("/deadletters/{batch}", context => context.RequestServices.GetRequiredService<ReadEndpoints>().BatchAsync(context));
        return app;
    }

    /// <summary>The addresses the started host listens on, with the ports the system picked.</summary>
    public static IReadOnlyList<Uri> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return [.. addresses.Select(a => new Uri(a))];
    }
}

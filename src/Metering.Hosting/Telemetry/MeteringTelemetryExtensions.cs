using Metering.Pipeline.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Metering.Hosting.Telemetry;

/// <summary>Wires the pipeline's meter and activity source (<see cref="MeteringTelemetry"/>) to OpenTelemetry exporters.</summary>
public static class MeteringTelemetryExtensions
{
    /// <summary>
    /// Registers OpenTelemetry metrics and tracing for the <c>Metering</c> meter and source with the exporters
    /// <paramref name="export"/> asks for, and returns the builder so that a host or a test adds its own
    /// (instrumentation, an in-memory exporter). In a generic host the providers start with it; elsewhere, resolve
    /// <see cref="MeterProvider"/> and <see cref="TracerProvider"/> to start them.
    /// </summary>
    public static IOpenTelemetryBuilder AddMeteringTelemetry(this IServiceCollection services, TelemetryExport export)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(export);
        return services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(export.ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(MeteringTelemetry.Name);
                if (export.Console)
                {
                    metrics.AddConsoleExporter();
                }

                if (export.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(MeteringTelemetry.Name);
                if (export.Console)
                {
                    tracing.AddConsoleExporter();
                }

                if (export.OtlpEndpoint is { } endpoint)
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
    }
}

namespace Metering.Hosting.Telemetry;

/// <summary>
/// Where a host sends the pipeline's metrics and traces. Nothing is exported unless asked: the console exporter
/// behind a flag (for a person watching <c>metering serve</c>), OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (the OpenTelemetry convention, so a collector is configured the way every OpenTelemetry app is).
/// </summary>
/// <param name="ServiceName">The <c>service.name</c> resource attribute (<c>metering-serve</c>, <c>metering-demo</c>).</param>
/// <param name="Console">Write metrics and spans to standard output.</param>
/// <param name="OtlpEndpoint">The OTLP collector endpoint, or null for none.</param>
public sealed record TelemetryExport(string ServiceName, bool Console, Uri? OtlpEndpoint)
{
    /// <summary>The environment variable the OpenTelemetry specification names for the OTLP endpoint.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Whether any exporter is asked for.</summary>
    public bool IsEnabled => Console || OtlpEndpoint is not null;

    /// <summary>
    /// The export for a host: the console when <paramref name="console"/>, OTLP when the environment names an
    /// endpoint; throws <see cref="FormatException"/> when the endpoint is not an absolute URI.
    /// </summary>
    public static TelemetryExport From(string serviceName, bool console, Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        Uri? otlp = null;
        if (variable(OtlpEndpointVariable) is { Length: > 0 } text)
        {
            otlp = Uri.TryCreate(text, UriKind.Absolute, out var uri)
                ? uri
                : throw new FormatException($"{OtlpEndpointVariable} '{text}' is not an absolute URI.");
        }

        return new TelemetryExport(serviceName, console, otlp);
    }
}

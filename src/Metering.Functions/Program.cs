using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Metering.Functions;
using Metering.Pipeline.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

var builder = FunctionsApplication.CreateBuilder(args);
builder.UseMiddleware<FailureLoggingMiddleware>();
builder.Services.AddMeteringFunctions(builder.Configuration);
var telemetry = builder.Services.AddOpenTelemetry()
    .UseFunctionsWorkerDefaults()
    .WithMetrics(metrics => metrics.AddMeter(MeteringTelemetry.Name))
    .WithTracing(tracing => tracing.AddSource(MeteringTelemetry.Name));

// Application Insights refuses keys (DisableLocalAuth): telemetry goes with the app's managed identity. Without a
// connection string (a local run with the example settings) there is nowhere to export to, and the exporter would stop
// the worker's start.
if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    telemetry.UseAzureMonitorExporter(exporter => exporter.Credential = new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned));
}

builder.Build().Run();

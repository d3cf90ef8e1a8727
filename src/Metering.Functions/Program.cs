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
builder.Services.AddOpenTelemetry()
    .UseFunctionsWorkerDefaults()
    .WithMetrics(metrics => metrics.AddMeter(MeteringTelemetry.Name))
    .WithTracing(tracing => tracing.AddSource(MeteringTelemetry.Name))
    // Application Insights refuses keys (DisableLocalAuth): telemetry goes with the app's managed identity.
    .UseAzureMonitorExporter(exporter => exporter.Credential = new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned));
builder.Build().Run();

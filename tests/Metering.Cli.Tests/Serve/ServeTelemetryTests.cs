using System.Diagnostics;
using System.Diagnostics.Metrics;
using Metering.Cli.Tests.Support;
using Metering.Domain.Events;
using Metering.Hosting.Telemetry;
using Metering.Pipeline.Telemetry;
using Metering.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Metering.Cli.Tests.Serve;

/// <summary>The Metering meter and activity source, as <c>metering serve</c> records and exports them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ServeTelemetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Ingest_Counts_Received_Accepted_Dead_Lettered_By_Reason_And_Storage_Requests_By_Service()
    {
        await using var serve = await RunningServe.StartAsync(azurite.ConnectionString, ServeInput.Now);
        await serve.RegisterAsync(ServeInput.Acme, ServeInput.Globex);
        using var recorded = new RecordedMeasurements();

        using var response = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(SampleInput.MixedNdjson(), "application/x-ndjson"));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(9, recorded.Sum("metering.events.received"));
        Assert.Equal(6, recorded.Sum("metering.events.accepted"));
        Assert.Equal(1, recorded.Sum("metering.events.dead_lettered", (MeteringTelemetry.ReasonTag, RejectionReason.MalformedJson)));
        Assert.Equal(1, recorded.Sum("metering.events.dead_lettered", (MeteringTelemetry.ReasonTag, RejectionReason.UnknownType)));
        Assert.Equal(1, recorded.Sum("metering.events.dead_lettered", (MeteringTelemetry.ReasonTag, RejectionReason.UnregisteredSource)));
        Assert.True(recorded.Sum("metering.entities.written") > 0);
        Assert.True(recorded.Sum("metering.storage.requests", (MeteringTelemetry.ServiceTag, "table")) > 0);
        Assert.True(recorded.Sum("metering.storage.requests", (MeteringTelemetry.ServiceTag, "blob")) > 0);
        Assert.Equal(1, recorded.Count("metering.ingest.batch.duration"));
    }

    [Fact]
    public async Task The_Exporters_Receive_The_Ingest_Span_And_The_Metering_Metrics()
    {
        var activities = new List<Activity>();
        var metrics = new List<Metric>();
        await using var serve = await RunningServe.StartAsync(azurite.ConnectionString, ServeInput.Now, configureServices: services =>
            services.AddMeteringTelemetry(new TelemetryExport("metering-test", Console: false, OtlpEndpoint: null))
                .WithTracing(t => t.AddInMemoryExporter(activities))
                .WithMetrics(m => m.AddInMemoryExporter(metrics)));
        await serve.RegisterAsync(ServeInput.Acme, ServeInput.Globex);

        using var response = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(SampleInput.MixedNdjson(), "application/x-ndjson"));
        serve.Service<TracerProvider>().ForceFlush();
        serve.Service<MeterProvider>().ForceFlush();

        var span = Assert.Single(activities, a => a.OperationName == "ingest.batch");
        Assert.Equal(MeteringTelemetry.Name, span.Source.Name);
        Assert.Equal(6L, span.GetTagItem("metering.events.accepted"));
        Assert.Contains(metrics, m => m.Name == "metering.events.accepted" && m.MeterName == MeteringTelemetry.Name);
        Assert.Contains(metrics, m => m.Name == "metering.storage.request.duration");
    }

    /// <summary>Every measurement of the Metering meter while it lives.</summary>
    private sealed class RecordedMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = [];

        public RecordedMeasurements()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MeteringTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
            _listener.Start();
        }

        public double Sum(string instrument, params (string Key, string Value)[] tags)
        {
            lock (_measurements)
            {
                return _measurements
                    .Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(k => k.Key == t.Key && Equals(k.Value?.ToString(), t.Value))))
                    .Sum(m => m.Value);
            }
        }

        public int Count(string instrument)
        {
            lock (_measurements)
            {
                return _measurements.Count(m => m.Instrument == instrument);
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (_measurements)
            {
                _measurements.Add((instrument.Name, value, tags.ToArray()));
            }
        }
    }
}

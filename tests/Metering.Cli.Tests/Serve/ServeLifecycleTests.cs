using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Metering.Cli.Serve;
using Metering.Cli.Tests.Support;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Hosting.Scheduling;
using Metering.Storage.Activity;
using Metering.Testing;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using NodaTime;

namespace Metering.Cli.Tests.Serve;

/// <summary>The close schedule, the queue worker, health and graceful shutdown of <c>metering serve</c>.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ServeLifecycleTests(AzuriteFixture azurite)
{
    private const string MonthlyContract = """
        {
          "id": "globex-monthly",
          "tenants": ["globex"],
          "term": { "start": "2024-03-01", "end": "2024-12-31" },
          "versions": [ { "version": 1, "effective": "2024-03-01", "template": "monthly-active",
                          "commercial": { "currency": "EUR", "unitPrice": "2.50" } } ]
        }
        """;

    [Fact]
    public async Task A_Due_Window_Is_Closed_At_The_Next_Occurrence_Of_The_Schedule_And_Its_Invoice_Written()
    {
        // March 2024 in UTC with 2 grace days closes at 2024-04-03T00:00Z; the schedule fires every 10 seconds.
        var beforeDue = Instant.FromUtc(2024, 4, 2, 23, 59, 55);
        await using var serve = await RunningServe.StartAsync(azurite.ConnectionString, beforeDue, o => o with { Schedule = CloseSchedule.Parse("*/10 * * * * *") });
        await serve.RegisterAsync(ServeInput.Globex);
        await serve.Service<IContractStore>().ApplyAsync(ContractReader.Read(MonthlyContract).Contract!, CancellationToken.None);
        var events = CloudEvents.Ndjson(
        [
            CloudEvents.Body("1", "app://erp", "globex", "user.login", "zoë", "2024-03-07T12:00:00Z"),
            CloudEvents.Body("2", "app://erp", "globex", "app.launched", "ana/β #1", "2024-03-31T23:59:59Z"),
            CloudEvents.Body("3", "app://erp", "globex", "app.launched", "late-april", "2024-04-01T00:00:00Z"),
        ]);
        using var posted = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(events, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var invoices = serve.Service<IInvoiceStore>();

        await Task.Delay(500);
        Assert.Empty(await ToListAsync(invoices.ListAsync(null, null, default)));

        serve.Clock.AdvanceSeconds(10);
        var revision = await EventuallyAsync(async () => (await ToListAsync(invoices.ListAsync(null, null, default))).SingleOrDefault());

        Assert.Equal("2024-03-01_2024-03-31", revision.WindowId);
        Assert.Equal(1, revision.Revision);
        var stored = await invoices.ReadAsync(revision, CancellationToken.None);
        await InvoiceSchema.AssertValidAsync(stored!.Json.ToArray());
        var invoice = InvoiceJson.Read(stored.Json);
        Assert.Equal(2, invoice.Figures.Quantity);
        Assert.Equal(5.00m, invoice.Charges!.Total);
    }

    [Fact]
    public async Task Shutdown_Lets_An_In_Flight_Request_Finish_And_Its_Events_Are_Stored()
    {
        var serve = await RunningServe.StartAsync(azurite.ConnectionString, ServeInput.Now);
        await serve.RegisterAsync(ServeInput.Acme, ServeInput.Globex);
        var firstHalf = Encoding.UTF8.GetBytes(CloudEvents.Ndjson(SampleInput.Good[..2]));
        var secondHalf = Encoding.UTF8.GetBytes(CloudEvents.Ndjson(SampleInput.Good[2..]));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, serve.Address.Port);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"));
        await WriteChunkAsync(stream, firstHalf);
        await Task.Delay(500);

        var stopping = serve.App.StopAsync();
        await Task.Delay(500);
        Assert.False(stopping.IsCompleted, "The host waits for the request in flight.");
        await WriteChunkAsync(stream, secondHalf);
        await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        var response = await ReadResponseAsync(stream);
        await stopping;

        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Contains("\"received\":4,\"accepted\":4,", response, StringComparison.Ordinal);
        var reader = new TableActivityStore(serve.Account);
        Assert.Equal("zoë", Assert.Single(await ToListAsync(reader.ReadPresenceAsync(TenantId.Parse("globex"), new YearMonth(2024, 3), default))).Unit.Value);
        await serve.DisposeAsync();
    }

    private static async Task WriteChunkAsync(Stream stream, byte[] chunk)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:X}\r\n"));
        await stream.WriteAsync(chunk);
        await stream.WriteAsync("\r\n"u8.ToArray());
        await stream.FlushAsync();
    }

    // The answer is small and the server closes the connection after it (it is shutting down): read to the end.
    private static async Task<string> ReadResponseAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        return Encoding.UTF8.GetString(received.ToArray());
    }

    [Fact]
    public async Task Healthz_Is_200_When_Storage_Answers_And_503_When_It_Does_Not()
    {
        await using var healthy = await RunningServe.StartAsync(azurite.ConnectionString, ServeInput.Now);
        var unreachable = azurite.ConnectionString.Replace($":{azurite.BlobPort}/", $":{EventsEndpointTests.FreePort()}/", StringComparison.Ordinal);
        await using var broken = await RunningServe.StartAsync(unreachable, ServeInput.Now, configureClients: EventsEndpointTests.NoRetries);

        using var ok = await healthy.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var failing = await broken.Http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failing.StatusCode);
        var checks = JsonDocument.Parse(await failing.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal("ok", checks.GetProperty("table").GetString());
        Assert.NotEqual("ok", checks.GetProperty("blob").GetString());
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "Nothing appeared within 60 seconds.");
            await Task.Delay(100);
        }
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}

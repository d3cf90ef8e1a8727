using System.Text.Json;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Functions.Tests.Support;
using Metering.Storage.Closing;
using Metering.Testing;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Metering.Functions.Tests;

/// <summary>
/// The timer and queue functions of the close, called as the host calls them: the schedule step fills the close queue,
/// the queue function closes one window, publishes its invoice and sends the publication notice.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CloseFunctionTests(AzuriteFixture azurite)
{
    internal const string March = "2025-03-01_2025-03-31";

    internal const string MonthlyActive = """
        {
          "id": "acme-portal",
          "tenants": ["acme"],
          "term": { "start": "2025-03-01", "end": "2025-12-31" },
          "versions": [ { "version": 1, "effective": "2025-03-01", "template": "monthly-active",
                          "commercial": { "currency": "EUR", "unitPrice": "2.50" } } ]
        }
        """;

    /// <summary>An app with the contract applied and two users active in March 2025.</summary>
    internal static async Task<FunctionsApp> MarchAsync(AzuriteFixture azurite)
    {
        var app = await FunctionsApp.StartAsync(azurite);
        await app.ApplyAsync(MonthlyActive);
        await app.IngestAsync(
            Instant.FromUtc(2025, 4, 1, 12, 0),
            CloudEvents.Body("1", FunctionsApp.Source, "acme", "user.login", "ana", "2025-03-02T09:00:00+01:00"),
            CloudEvents.Body("2", FunctionsApp.Source, "acme", "data.accessed", "bob/b#2?", "2025-03-31T23:30:00+02:00"));
        return app;
    }

    [Fact]
    public async Task The_Timer_Function_Enqueues_The_Window_Once_Its_Grace_Days_Have_Passed()
    {
        await using var app = await MarchAsync(azurite);
        var queue = app.Services.GetRequiredService<ICloseQueue>();

        app.Clock.Reset(Instant.FromUtc(2025, 4, 2, 12, 0));
        await app.Function<CloseScheduleFunction>().RunAsync(new TimerInfo(), default);
        Assert.Null(await queue.ReceiveAsync(Duration.FromMinutes(1), default));

        app.Clock.Reset(Instant.FromUtc(2025, 4, 3, 0, 0));
        await app.Function<CloseScheduleFunction>().RunAsync(new TimerInfo(), default);
        var message = await queue.ReceiveAsync(Duration.FromMinutes(1), default);
        Assert.NotNull(message);
        Assert.Equal((ContractId.Parse("acme-portal"), March), (message.Request.Contract, message.Request.WindowId));
        Assert.Null(await queue.ReceiveAsync(Duration.FromMinutes(1), default));
    }

    [Fact]
    public async Task The_Queue_Function_Closes_The_Window_Publishes_Revision_1_And_Sends_Its_Notice()
    {
        await using var app = await MarchAsync(azurite);
        app.Clock.Reset(Instant.FromUtc(2025, 4, 3, 0, 0));
        var message = CloseRequestJson.Write(new CloseRequest(ContractId.Parse("acme-portal"), March, "due"));

        var output = await app.Function<CloseWindowFunction>().RunAsync(message, default);

        var revision = new InvoiceRevision(TenantId.Parse("acme"), ContractId.Parse("acme-portal"), March, 1);
        var stored = await app.Services.GetRequiredService<IInvoiceStore>().ReadAsync(revision, default);
        Assert.NotNull(stored);
        await InvoiceSchema.AssertValidAsync(stored.Json.ToArray());
        Assert.Null(output.Rejected);
        Assert.Equal("""{"tenant":"acme","contract":"acme-portal","window":"2025-03-01_2025-03-31","revision":1}""", output.Published);

        // Closing again changes no figure: no new revision, and the notice again names r1 (it repairs a lost one).
        var again = await app.Function<CloseWindowFunction>().RunAsync(message, default);
        Assert.Equal(output.Published, again.Published);
        Assert.Single(await app.Services.GetRequiredService<IInvoiceStore>().ListRevisionsAsync(revision.Tenant, revision.Contract, March, default));
    }

    [Fact]
    public async Task A_Window_That_Is_Not_Due_Sends_No_Notice()
    {
        await using var app = await MarchAsync(azurite);
        app.Clock.Reset(Instant.FromUtc(2025, 4, 2, 0, 0));

        var output = await app.Function<CloseWindowFunction>().RunAsync(
            CloseRequestJson.Write(new CloseRequest(ContractId.Parse("acme-portal"), March, "due")), default);

        Assert.Null(output.Published);
        Assert.Null(output.Rejected);
    }

    // Issue 11: the same timer and queue close the periods of a long window as they end; a statement sends no notice
    // (it has no stable name: it is read by its revision).
    [Fact]
    public async Task The_Same_Timer_And_Queue_Close_A_Ninety_Day_Period_Into_Its_Statement()
    {
        await using var app = await FunctionsApp.StartAsync(azurite);
        await app.ApplyAsync("""
            {
              "id": "acme-sap",
              "tenants": ["acme"],
              "term": { "start": "2025-03-01", "end": "2026-02-28" },
              "versions": [ { "version": 1, "effective": "2025-03-01", "template": "ninety-day-peak" } ]
            }
            """);
        await app.IngestAsync(
            Instant.FromUtc(2025, 5, 1, 0, 0),
            CloudEvents.Body("1", FunctionsApp.Source, "acme", "app.launched", "ana", "2025-03-02T09:00:00+01:00"),
            CloudEvents.Body("2", FunctionsApp.Source, "acme", "app.launched", "bob/b#2?", "2025-04-30T09:00:00+02:00"));
        app.Clock.Reset(Instant.FromUtc(2025, 6, 2, 0, 0));
        var queue = app.Services.GetRequiredService<ICloseQueue>();

        await app.Function<CloseScheduleFunction>().RunAsync(new TimerInfo(), default);
        var received = await queue.ReceiveAsync(Duration.FromMinutes(1), default);
        Assert.NotNull(received);
        Assert.Equal(("2025-03-01_2026-02-28", "2025-03-01_2025-05-29"), (received.Request.WindowId, received.Request.PeriodId));
        Assert.Null(await queue.ReceiveAsync(Duration.FromMinutes(1), default));

        var output = await app.Function<CloseWindowFunction>().RunAsync(CloseRequestJson.Write(received.Request), default);

        Assert.Null(output.Published);
        Assert.Null(output.Rejected);
        var stored = await app.Services.GetRequiredService<IStatementStore>().ReadStatementAsync(
            new StatementRevision(TenantId.Parse("acme"), ContractId.Parse("acme-sap"), "2025-03-01_2026-02-28", "2025-03-01_2025-05-29", 1), default);
        Assert.NotNull(stored);
        await StatementSchema.AssertValidAsync(stored.Json.ToArray());
        Assert.Equal(2, Metering.Domain.Formats.StatementJson.Read(stored.Json).Count);
    }

    [Theory]
    [InlineData("""{"contract":"acme-portal","window":"2025-03-01_2025-03-31","reason":"due","period":"2025-03-01_2025-03-31"}""", true)]
    [InlineData("""{"contract":"acme-portal","window":"2025-03-01_2025-03-31","reason":"due"}""", true)]
    [InlineData("""{"contract":"acme-portal","window":"2025-03-01_2025-03-31","period":""}""", false)]
    public void A_Close_Message_Names_A_Period_For_A_Statement_And_None_For_An_Invoice(string message, bool read)
    {
        Assert.Equal(read, CloseRequestJson.TryRead(message, out var request));
        if (request is not null)
        {
            Assert.Equal(message.Contains("period", StringComparison.Ordinal) ? "statement" : "invoice", request.Kind);
            Assert.Equal(message, CloseRequestJson.Write(request));
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"contract":"acme-portal"}""")]
    [InlineData("""{"contract":"ACME PORTAL","window":"2025-03-01_2025-03-31"}""")]
    public async Task A_Malformed_Close_Message_Goes_To_The_Poison_Queue_As_Received_Without_A_Throw(string message)
    {
        await using var app = await FunctionsApp.StartAsync(azurite);

        var output = await app.Function<CloseWindowFunction>().RunAsync(message, default);

        Assert.Equal(message, output.Rejected);
        Assert.Null(output.Published);
        var logged = Assert.Single(app.Log<CloseWindowFunction>().Entries);
        Assert.Equal(LogLevel.Error, logged.Level);
    }

    [Fact]
    public void The_Poison_Queue_Output_Is_The_Queue_The_Host_Moves_Failed_Close_Messages_To()
    {
        // The host names a queue's poison queue "{queue}-poison"; the output binding names the same queue.
        var binding = FunctionMetadataTests.Bindings("close-window").Single(b => b.GetProperty("name").GetString() == "Rejected");
        Assert.Equal("%CloseQueue%-poison", binding.GetProperty("queueName").GetString());
    }

    internal static JsonElement Notice(string text) => JsonDocument.Parse(text).RootElement.Clone();
}

using System.Text;
using System.Text.Json;
using Metering.Cli.Tests.Scenarios;
using Metering.Cli.Tests.Support;
using Metering.Testing.Azurite;
using Metering.Testing.Events;

namespace Metering.Cli.Tests.Closing;

/// <summary>
/// <c>metering deadletters list|show</c> (issue 12, item 4): what was rejected, when, why, and the body as received,
/// read back from the dead-letter blobs.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DeadLettersCommandTests(AzuriteFixture azurite)
{
    private const string Range = "--from";
    private static readonly byte[] Unreadable = Encoding.UTF8.GetBytes("not json \u001b[2J");
    private static readonly byte[] Reuse = CloudEvents.Body("1", EventFile.Source, "acme", "user.login", "someone-else", "2025-03-10T09:00:00+01:00");

    [Fact]
    public async Task List_Shows_Every_Rejected_Event_Of_The_Range_With_Its_Reasons_And_What_Its_Body_Names()
    {
        using var pipeline = await CreateAsync();

        var letters = await ListAsync(pipeline, Range, "2025-03-31T00:00:00Z", "--to", "2025-04-05T00:00:00Z");

        Assert.Equal(
            [
                ("2025-04-01T00:00:00Z", 2L, "unknown-type", "acme", "2"),
                ("2025-04-01T00:00:00Z", 3L, "unknown-tenant", "initech", "3"),
                ("2025-04-01T00:00:00Z", 4L, "malformed-json", null, null),
                ("2025-04-03T00:00:00Z", 1L, "conflicting-duplicate", "acme", "1"),
            ],
            letters.Select(l => (l.GetProperty("receivedAt").GetString()!, l.GetProperty("position").GetInt64(), l.GetProperty("reasons")[0].GetProperty("code").GetString()!, l.GetProperty("tenant").GetString(), l.GetProperty("id").GetString())));
        Assert.Equal(Unreadable, letters[2].GetProperty("body").GetBytesFromBase64());
        Assert.Equal(Reuse, letters[3].GetProperty("body").GetBytesFromBase64());
        Assert.Contains("first received with other content", letters[3].GetProperty("reasons")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--reason", "conflicting-duplicate", "1")]
    [InlineData("--tenant", "initech", "3")]
    [InlineData("--from", "2025-04-02T00:00:00Z", "1")]
    public async Task Tenant_Reason_And_Range_Narrow_The_List(string option, string value, string id)
    {
        using var pipeline = await CreateAsync();

        var letters = await ListAsync(pipeline, option == "--from" ? [option, value, "--to", "2025-04-05T00:00:00Z"] : [Range, "2025-03-31T00:00:00Z", "--to", "2025-04-05T00:00:00Z", option, value]);

        Assert.Equal(id, Assert.Single(letters).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("2025-04-05T00:00:00Z", 4)]
    [InlineData("2025-04-20T00:00:00Z", 0)]
    public async Task Without_From_The_List_Covers_The_Seven_Days_Before_Now(string asOf, int count)
    {
        using var pipeline = await CreateAsync();

        var table = await pipeline.RunAsync("deadletters", "list", "--as-of", asOf);

        Assert.True(table.ExitCode == ExitCodes.Success, table.ToString());
        Assert.Contains($"{count} dead letter(s) received from", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Prints_A_Batch_With_Every_Reason_And_Its_Bodies_Never_Writing_A_Control_Character()
    {
        using var pipeline = await CreateAsync();
        var batch = (await ListAsync(pipeline, Range, "2025-03-31T00:00:00Z", "--to", "2025-04-02T00:00:00Z"))[0].GetProperty("batch").GetString()!;

        var text = await pipeline.RunAsync("deadletters", "show", batch);
        var json = await pipeline.RunAsync("deadletters", "show", batch, "--json");

        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        Assert.Contains($"Batch {batch}, received 2025-04-01T00:00:00Z", text.Out, StringComparison.Ordinal);
        Assert.Contains("unknown-type (type):", text.Out, StringComparison.Ordinal);
        Assert.Contains("unknown-tenant", text.Out, StringComparison.Ordinal);
        Assert.Contains($"body ({Unreadable.Length} bytes): not json \\u001b[2J", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text.Out);
        Assert.Equal(3, JsonDocument.Parse(json.Out).RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData("show", "0123456789abcdef0123456789abcdef", "no dead letters of batch")]
    [InlineData("show", "not-a-batch", "is not a batch id")]
    [InlineData("list", "--reason=bogus", "is not a reason code")]
    [InlineData("list", "--from=2030-01-01T00:00:00Z", "--from is after now")]
    [InlineData("list", "--from=0001-01-01T00:00:00Z", "spans more than 366 days")]
    public async Task An_Unknown_Batch_Or_A_Malformed_Argument_Exits_2(string verb, string argument, string message)
    {
        using var pipeline = await CreateAsync();

        var run = await pipeline.RunAsync("deadletters", verb, argument);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    private static async Task<JsonElement[]> ListAsync(CliPipeline pipeline, params string[] options)
    {
        var run = await pipeline.RunAsync(["deadletters", "list", "--json", .. options]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        return [.. JsonDocument.Parse(run.Out).RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private async Task<CliPipeline> CreateAsync()
    {
        var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync($$"""[{"id": "acme", "zone": "Europe/Paris", "sources": ["{{EventFile.Source}}"]}]""");
        var first = new EventFile()
            .Login("ana", "2025-03-10T09:00:00+01:00")
            .Add("no.such.type", "bob", "2025-03-10T09:00:00+01:00")
            .Login("cy", "2025-03-10T09:00:00+01:00", inTenant: "initech");
        await pipeline.IngestFileAsync("2025-04-01T00:00:00Z", pipeline.Write("first.ndjson", first.Ndjson().TrimEnd('\n') + "\n" + Encoding.UTF8.GetString(Unreadable) + "\n"));
        await pipeline.IngestFileAsync("2025-04-03T00:00:00Z", pipeline.Write("second.ndjson", CloudEvents.Ndjson([Reuse])));
        return pipeline;
    }
}

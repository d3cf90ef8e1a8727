using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Metering.Cli.Tests.Support;
using Metering.Domain.Tenants;
using Metering.Storage.Activity;
using Metering.Testing;
using Metering.Testing.Azurite;
using NodaTime;

namespace Metering.Cli.Tests.Serve;

/// <summary>
/// <c>POST /events</c> with an event the official CloudEvents JavaScript SDK (<c>cloudevents</c>, pinned in the
/// repository's package.json) sends in binary content mode: <c>send-binary.mjs</c> runs in Node, the SDK builds the
/// headers and body, and Node's fetch posts them unchanged. Node is required, as for Azurite; the build's
/// <c>npm ci</c> installs the SDK.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventsEndpointJavaScriptSdkTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_Event_The_Official_JavaScript_Sdk_Sends_In_Binary_Mode_Is_Accepted()
    {
        await using var serve = await RunningServe.StartAsync(azurite.ConnectionString, ServeInput.Now);
        await serve.RegisterAsync(ServeInput.Acme);
        var script = RepositoryFile.PathOf("tests/Metering.Cli.Tests/Serve/send-binary.mjs");
        var root = Path.GetDirectoryName(RepositoryFile.PathOf("package-lock.json"))!;
        Assert.True(
            File.Exists(Path.Combine(root, "node_modules", "cloudevents", "package.json")),
            $"The CloudEvents JavaScript SDK is not installed in {root}/node_modules: run 'npm ci' there (the build does it).");
        // The SDK writes the subject into its header unencoded, and Node sends the ë as one ISO-8859-1 octet (it refuses
        // any character beyond U+00FF): serve reads that octet back as the ë it was.
        var cloudEvent = JsonSerializer.Serialize(new
        {
            specversion = "1.0",
            id = "js-1",
            source = "app://crm",
            type = "user.login",
            time = "2024-03-05T12:00:00Z",
            tenantid = "acme",
            subject = "zoë",
            data = new { deployment = "cloud" },
        });

        var (exitCode, output, error) = await RunNodeAsync(script, new Uri(serve.Address, "/events").ToString(), cloudEvent);

        Assert.True(exitCode == 0, $"node exited {exitCode}: {error}{output}");
        var lines = output.Split('\n', 2);
        Assert.True(lines[0].Trim() == "200", output + error);
        var answer = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal(1, answer.GetProperty("received").GetInt64());
        Assert.Equal(1, answer.GetProperty("accepted").GetInt64());
        Assert.Equal("accepted", answer.GetProperty("events")[0].GetProperty("status").GetString());
        var presence = await ToListAsync(new TableActivityStore(serve.Account).ReadPresenceAsync(TenantId.Parse("acme"), new YearMonth(2024, 3), default));
        Assert.Equal("zoë", Assert.Single(presence.Select(p => p.Unit.Value).Distinct()));
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunNodeAsync(params string[] args)
    {
        var node = Environment.GetEnvironmentVariable(AzuriteFixture.NodeVariable) is { Length: > 0 } n ? n : "node";
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
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

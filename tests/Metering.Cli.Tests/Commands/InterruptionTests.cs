using Metering.Cli.Failures;
using Metering.Cli.Tests.Scenarios;
using Metering.Cli.Tests.Support;
using Metering.Testing.Azurite;

namespace Metering.Cli.Tests.Commands;

/// <summary>
/// A command interrupted by Ctrl+C or SIGTERM (its cancellation token signalled) exits 1 and tells its user how to
/// complete what it left, naming itself: "running close again completes it", never another verb's advice.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InterruptionTests(AzuriteFixture azurite)
{
    private static readonly string[] Verbs = ["ingest", "replay", "close", "contracts apply", "tenants apply", "invoices list", "invoices show", "demo", "serve"];

    /// <summary>Rows: the verb and what its interruption says.</summary>
    public static TheoryData<string, string> Messages => new()
    {
        { "ingest", "Cancelled. Ingesting the same input again completes it: events already recorded are not recorded twice." },
        { "replay", "Cancelled. Replaying the same --from and --to again completes it: a batch still recorded writes nothing." },
        { "close", "Cancelled. Running close again completes it: a window already closed is not closed twice." },
        { "contracts apply", "Cancelled. Applying the same contract files again completes it: a contract already stored is left unchanged." },
        { "tenants apply", "Cancelled. Applying the same tenants file again completes it." },
        { "invoices list", "Cancelled. Nothing was changed; running invoices list again shows it." },
        { "invoices show", "Cancelled. Nothing was changed; running invoices show again shows it." },
        { "demo", "Cancelled. Running demo again completes it." },
        { "serve", "Cancelled. Running serve again completes it." },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task Each_Verb_Interrupted_Names_Itself(string verb, string expected)
    {
        using var error = new StringWriter();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var environment = new CliEnvironment(TextWriter.Null, error, _ => null, IsTerminal: false);

        var code = await CommandFailures.RunAsync(environment, verb, () => throw new OperationCanceledException(cancelled.Token), cancelled.Token);

        Assert.Equal(ExitCodes.Unexpected, code);
        Assert.Equal(expected, error.ToString().TrimEnd());
        Assert.Equal(expected, CommandFailures.Interrupted(verb));
    }

    [Fact]
    public void No_Verb_Gives_Another_Verbs_Advice()
    {
        foreach (var verb in Verbs)
        {
            var message = CommandFailures.Interrupted(verb);
            var others = new[] { "Ingesting", "Replaying", "running close", "Running close", "contract files", "tenants file", "demo" }
                .Where(word => !Names(verb, word));
            Assert.All(others, word => Assert.DoesNotContain(word, message, StringComparison.Ordinal));
        }
    }

    /// <summary>The verbs run in-process with their token already cancelled: each stops and says how it completes.</summary>
    public static TheoryData<string, string> Interrupted => new()
    {
        { "close", "Running close again completes it" },
        { "ingest", "Ingesting the same input again completes it" },
        { "replay", "Replaying the same --from and --to again completes it" },
        { "contracts apply", "Applying the same contract files again completes it" },
        { "tenants apply", "Applying the same tenants file again completes it" },
        { "invoices list", "running invoices list again" },
    };

    [Theory]
    [MemberData(nameof(Interrupted))]
    public async Task A_Verb_Cancelled_While_It_Runs_Exits_1_Naming_Itself(string verb, string expected)
    {
        using var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync("""[{"id": "acme", "zone": "Europe/Paris", "sources": ["app://vendor"]}]""");
        string[] args = verb switch
        {
            "close" => ["close", "--as-of", "2025-04-03T00:00:00Z"],
            "ingest" => ["ingest", pipeline.Write("events.ndjson", new EventFile().Login("ana", "2025-03-10T09:00:00+01:00").Ndjson()), "--as-of", "2025-04-01T00:00:00Z"],
            "replay" => ["replay", "--from", "2025-04-01T00:00:00Z", "--to", "2025-04-02T00:00:00Z"],
            "contracts apply" => ["contracts", "apply", pipeline.Write("contract.json", """{ "id": "acme-portal", "tenants": ["acme"], "term": { "start": "2025-01-01", "end": "2025-12-31" }, "versions": [{ "version": 1, "effective": "2025-01-01", "template": "monthly-active" }] }""")],
            "tenants apply" => ["tenants", "apply", pipeline.Write("tenants.json", """[{"id": "globex", "zone": "UTC", "sources": ["app://vendor"]}]""")],
            _ => ["invoices", "list"],
        };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, _ => null, IsTerminal: false);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var code = await MeteringCli.RunAsync([.. args, "--storage", azurite.ConnectionString, "--prefix", pipeline.Prefix], environment, cancelled.Token);

        Assert.True(code == ExitCodes.Unexpected, $"exit {code}\nout:\n{output}\nerr:\n{error}");
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(verb == "ingest" ? "Running close" : "Ingesting", error.ToString(), StringComparison.Ordinal);
    }

    private static bool Names(string verb, string word) => (verb, word) switch
    {
        ("ingest", "Ingesting") => true,
        ("replay", "Replaying") => true,
        ("close", "running close" or "Running close") => true,
        ("contracts apply", "contract files") => true,
        ("tenants apply", "tenants file") => true,
        ("demo", "demo") => true,
        _ => false,
    };
}

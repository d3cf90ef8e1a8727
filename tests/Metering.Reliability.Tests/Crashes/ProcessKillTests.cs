using System.Diagnostics;
using System.Globalization;
using Metering.Cli;
using Metering.Reliability.Tests.Support;
using Metering.Testing.Azurite;
using Xunit.Abstractions;
using static Metering.Reliability.Tests.Support.CliDeployment;

namespace Metering.Reliability.Tests.Crashes;

/// <summary>
/// docs/reliability.md, a crash mid-batch and mid-close: <c>metering ingest</c> and <c>metering close</c> run as real processes and
/// are killed at random points of their work, then run again, as an operator or a scheduler would. After every kill no
/// partial invoice is visible and no revision number is skipped or repeated (<see cref="InvoiceAudit"/>); once every
/// step has completed, the invoices are the uninterrupted run's, byte for byte.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProcessKillTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Ingest_And_Close_Killed_At_Random_Points_And_Run_Again_Publish_The_Uninterrupted_Invoices()
    {
        var world = await ReliabilityWorld.StandardAsync();
        var reference = await StandardRun.ReferenceAsync(azurite);
        using var uninterrupted = new CliDeployment(azurite);
        await uninterrupted.RegisterAsync();
        var steps = Steps(uninterrupted, world);
        var durations = new TimeSpan[steps.Length];
        var done = new int[steps.Length];
        for (var i = 0; i < steps.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            var run = await MeteringProcess.RunAsync(StepTimeout, [.. steps[i].Args, .. uninterrupted.StorageArgs]);
            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            durations[i] = watch.Elapsed;
            done[i] = await steps[i].ProgressAsync(uninterrupted);
        }

        Assert.Equal(reference.Text.Split('\n'), (await uninterrupted.InvoicesAsync()).Text.Split('\n'));

        // Most kills should land in the work, not in the runtime's start: time a command that does almost nothing.
        var watchStartup = Stopwatch.StartNew();
        Assert.Equal(ExitCodes.Success, (await MeteringProcess.RunAsync(StepTimeout, ["invoices", "list", "--tenant", "acme", .. uninterrupted.StorageArgs])).ExitCode);
        var startup = watchStartup.Elapsed * 0.7;

        var random = new Random(20250404);
        var scenarios = Soak.Count(3, 30);
        int kills = 0, midWork = 0, completedFirst = 0, audits = 0, ran = 0;
        var killsPerStep = new int[steps.Length];
        // A kill that lands while a step has stored part of its work is the case that matters: should none of the
        // scheduled scenarios produce one, a few more are run rather than let the test pass without it.
        for (var scenario = 0; scenario < scenarios || (midWork == 0 && scenario < scenarios + 5); scenario++)
        {
            using var cli = new CliDeployment(azurite);
            await cli.RegisterAsync();
            var cliSteps = Steps(cli, world);
            for (var i = 0; i < cliSteps.Length; i++)
            {
                var step = cliSteps[i];
                var completed = false;
                for (var attempt = random.Next(1, 4); attempt > 0 && !completed; attempt--)
                {
                    var before = await step.ProgressAsync(cli);
                    using var process = MeteringProcess.Start([.. step.Args, .. cli.StorageArgs]);
                    var (killed, run) = await process.KillAfterAsync(startup + ((durations[i] - startup) * random.NextDouble()));
                    if (!killed)
                    {
                        Assert.True(run!.ExitCode == ExitCodes.Success, run.ToString());
                        completed = true;
                        completedFirst++;
                        continue;
                    }

                    kills++;
                    killsPerStep[i]++;
                    var after = await step.ProgressAsync(cli);
                    midWork += before < after && after < done[i] ? 1 : 0;
                    await InvoiceAudit.AssertSoundAsync(cli.Direct);
                    audits++;
                }

                if (!completed)
                {
                    var run = await MeteringProcess.RunAsync(StepTimeout, [.. step.Args, .. cli.StorageArgs]);
                    Assert.True(run.ExitCode == ExitCodes.Success, $"{step.Name} after kills: {run}");
                }
            }

            Assert.Equal(reference.Text.Split('\n'), (await cli.InvoicesAsync()).Text.Split('\n'));
            Assert.Equal(reference.Revisions, await InvoiceAudit.AssertSoundAsync(cli.Direct));
            ran++;
        }

        Assert.True(midWork > 0, "No kill landed while a step had stored part of its work: the kills prove nothing.");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"process kill scenarios: {scenarios}{(ran > scenarios ? $" (+{ran - scenarios} to reach a kill mid-step)" : string.Empty)}; kills: {kills} ({string.Join(", ", steps.Select((s, i) => $"{killsPerStep[i]} during {s.Name}"))}); {midWork} of them after the step had stored part but not all of its work; {completedFirst} runs finished before their kill; invoice audits after a kill: {audits}; uninterrupted step durations: {string.Join(", ", durations.Select(d => d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"))}, kills from {startup.TotalSeconds:0.0} s after the start"));
    }

    /// <summary>The standard scenario as four commands, each with how far its work has got (batch markers, or revisions).</summary>
    private static Step[] Steps(CliDeployment cli, ReliabilityWorld world)
    {
        var size = world.BatchSize.ToString(CultureInfo.InvariantCulture);
        var onTime = cli.Write("on-time.ndjson", world.OnTimeNdjson);
        var late = cli.Write("late.ndjson", world.LateNdjson);
        return
        [
            new("ingest", ["ingest", onTime, "--batch-size", size, "--as-of", Text(ReliabilityWorld.AsOf)], MarkersAsync),
            new("close", ["close", "--as-of", Text(ReliabilityWorld.AsOf)], RevisionsAsync),
            new("late ingest", ["ingest", late, "--batch-size", size, "--as-of", Text(ReliabilityWorld.LateAsOf)], MarkersAsync),
            new("late close", ["close", "--as-of", Text(ReliabilityWorld.LateAsOf)], RevisionsAsync),
        ];
    }

    private static async Task<int> MarkersAsync(CliDeployment cli)
    {
        var count = 0;
        var table = cli.Direct.Tables.GetTableClient(cli.Direct.Names.Batches);
        try
        {
            await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey"]))
            {
                count++;
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // Not created yet: no batch recorded.
        }

        return count;
    }

    private static async Task<int> RevisionsAsync(CliDeployment cli)
    {
        var container = cli.Direct.Blobs.GetBlobContainerClient(cli.Direct.Names.Invoices);
        var count = 0;
        if (await container.ExistsAsync())
        {
            await foreach (var blob in container.GetBlobsAsync())
            {
                count += Metering.Domain.Closing.InvoiceRevision.TryParse(blob.Name) is null ? 0 : 1;
            }
        }

        return count;
    }

    private sealed record Step(string Name, string[] Args, Func<CliDeployment, Task<int>> ProgressAsync);
}

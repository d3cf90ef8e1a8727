using System.Globalization;
using Metering.Reliability.Tests.Support;
using Metering.Testing.Azurite;
using Metering.Testing.Storage;
using Xunit.Abstractions;

namespace Metering.Reliability.Tests.Faults;

/// <summary>
/// docs/reliability.md: no event lost, none counted twice, under storage faults mid-batch and mid-close. Each schedule runs the whole
/// standard scenario (register, ingest, close, late events, close again) with random faults in every storage client,
/// ingest retried as the Functions app retries it and the close re-run as the timer re-runs it, and must end with the
/// fault-free run's invoices, byte for byte, and the same stored activity.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FaultScheduleTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Ingest_And_Close_Retried_Through_Random_Fault_Schedules_Publish_The_Fault_Free_Invoices_Byte_For_Byte()
    {
        var world = await ReliabilityWorld.StandardAsync();
        var reference = await StandardRun.ReferenceAsync(azurite);
        var referenceTables = await ReferenceTablesAsync(world);
        var schedules = Soak.Count(8, 200);
        long requests = 0, faults = 0, before = 0, after = 0, unavailable = 0, broken = 0, appliedWrites = 0;

        for (var seed = 1; seed <= schedules; seed++)
        {
            var schedule = new FaultSchedule(seed);
            await using var deployment = Deployment.Create(azurite, AzuriteFixture.NewPrefix(), maxConcurrentPartitions: 1, schedule.Policies);
            await deployment.RunAsync(world);

            var invoices = await deployment.InvoicesAsync();
            Assert.True(reference.Text == invoices.Text, $"{schedule}: the invoices differ from the fault-free run.\nexpected:\n{reference.Text}\nactual:\n{invoices.Text}");
            Assert.Equal(referenceTables, await ActivityAsync(deployment));
            await InvoiceAudit.AssertSoundAsync(deployment.Direct);
            requests += schedule.Requests;
            faults += schedule.Faults;
            before += schedule.FaultsBefore;
            after += schedule.FaultsAfter;
            unavailable += schedule.ServiceUnavailable;
            broken += schedule.BrokenConnections;
            appliedWrites += schedule.WritesAppliedButFailed;
        }

        // A suite whose faults never fired, or never after a write was applied, would prove nothing.
        Assert.True(unavailable > 0 && broken > 0 && before > 0 && appliedWrites > 0, "Every way of failing must have occurred.");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fault schedules: {schedules}; storage requests: {requests:N0}; faults injected: {faults:N0} ({before:N0} before the server, {after:N0} after it, {appliedWrites:N0} of them on writes the server applied; {unavailable:N0} 503, {broken:N0} broken connections); revisions per run: {reference.Revisions}; invoice snapshot {reference.Sha256} in every run"));
    }

    // The recorded activity the figures are computed from: presence, facts, sessions, touches and batch markers.
    private static async Task<string> ActivityAsync(Deployment deployment)
    {
        var names = deployment.Direct.Names;
        var snapshot = await TableSnapshot.OfTablesAsync(
            deployment.Direct.Tables, [names.Presence, names.Facts, names.Sessions, names.Touches, names.Batches]);
        return snapshot.Text.Replace(deployment.Prefix, string.Empty, StringComparison.Ordinal);
    }

    private async Task<string> ReferenceTablesAsync(ReliabilityWorld world)
    {
        await using var deployment = Deployment.Create(azurite);
        await deployment.RunAsync(world);
        return await ActivityAsync(deployment);
    }
}

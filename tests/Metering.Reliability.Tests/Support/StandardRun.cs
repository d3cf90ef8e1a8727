using Metering.Testing.Azurite;

namespace Metering.Reliability.Tests.Support;

/// <summary>
/// The reference: the standard world run once without any fault, redelivery or crash. Every attacked run must end
/// with exactly its invoices. Computed once per test run (the bytes do not depend on which emulator holds them).
/// </summary>
internal static class StandardRun
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static InvoiceSnapshot? _reference;

    public static async Task<InvoiceSnapshot> ReferenceAsync(AzuriteFixture azurite)
    {
        await Gate.WaitAsync();
        try
        {
            if (_reference is null)
            {
                await using var deployment = Deployment.Create(azurite);
                await deployment.RunAsync(await ReliabilityWorld.StandardAsync());
                _reference = await deployment.InvoicesAsync();
                Assert.True(_reference.Revisions > 0, "The reference run published nothing.");
                Assert.Equal(_reference.Revisions, await InvoiceAudit.AssertSoundAsync(deployment.Direct));
            }

            return _reference;
        }
        finally
        {
            Gate.Release();
        }
    }
}

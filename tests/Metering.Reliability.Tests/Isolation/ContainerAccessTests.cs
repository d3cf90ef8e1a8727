using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Metering.Reliability.Tests.Support;
using Metering.Testing.Azurite;
using Metering.Testing.Events;

namespace Metering.Reliability.Tests.Isolation;

/// <summary>
/// docs/reliability.md: invoices are not public, nor is anything else the pipeline keeps. Every container the pipeline creates
/// (archive, dead letters, contracts, invoices) has no public access level on Azurite, and an anonymous client can
/// neither list it nor read a blob of it, while the same emulator does serve a container made public (so the check
/// can fail).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ContainerAccessTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Every_Container_The_Pipeline_Creates_Is_Private_And_Refuses_Anonymous_Readers()
    {
        var world = await ReliabilityWorld.StandardAsync();
        await using var deployment = Deployment.Create(azurite);
        await deployment.RegisterAsync(world.Samples);
        await deployment.IngestAsync(world.OnTime.Take(2), ReliabilityWorld.AsOf);
        await deployment.IngestAsync(CloudEvents.Batch([[0xFF, 0xFE]]), ReliabilityWorld.AsOf);
        await deployment.CloseAsync(ReliabilityWorld.AsOf);
        var names = deployment.Direct.Names;

        foreach (var name in new[] { names.Archive, names.DeadLetter, names.Contracts, names.Invoices })
        {
            var container = deployment.Direct.Blobs.GetBlobContainerClient(name);
            var properties = await container.GetAccessPolicyAsync();
            Assert.Equal(PublicAccessType.None, properties.Value.BlobPublicAccess);
            var blob = await FirstBlobAsync(container);

            var anonymous = new BlobContainerClient(container.Uri);
            var listing = await Assert.ThrowsAsync<RequestFailedException>(() => FirstBlobAsync(anonymous));
            var reading = await Assert.ThrowsAsync<RequestFailedException>(() => new BlobClient(container.GetBlobClient(blob).Uri).DownloadContentAsync());
            Assert.Contains(listing.Status, new[] { 403, 404 });
            Assert.Contains(reading.Status, new[] { 403, 404 });
        }
    }

    [Fact]
    public async Task The_Emulator_Serves_A_Public_Container_To_Anonymous_Readers()
    {
        var account = Metering.Storage.Accounts.StorageAccount.FromConnectionString(azurite.ConnectionString, new(AzuriteFixture.NewPrefix()));
        var container = account.Blobs.GetBlobContainerClient(account.Names.Container("public"));
        await container.CreateAsync(PublicAccessType.BlobContainer);
        await container.GetBlobClient("x.txt").UploadAsync(BinaryData.FromString("x"));

        var anonymous = new BlobContainerClient(container.Uri);

        Assert.Equal("x.txt", await FirstBlobAsync(anonymous));
        Assert.Equal("x", (await anonymous.GetBlobClient("x.txt").DownloadContentAsync()).Value.Content.ToString());
    }

    private static async Task<string> FirstBlobAsync(BlobContainerClient container)
    {
        await foreach (var blob in container.GetBlobsAsync())
        {
            return blob.Name;
        }

        throw new InvalidOperationException($"{container.Name} holds no blob.");
    }
}

using System.Text;
using System.Text.RegularExpressions;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Functions.Tests.Support;
using Metering.Storage.Closing;
using Metering.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Functions.Tests;

/// <summary>
/// The blob-output function: a notice names a revision; the function returns the newest revision's bytes, which the host
/// writes to the binding's path. The host's write is reproduced here from the generated metadata (the path template
/// with its <c>%settings%</c> and the notice's properties resolved, then an unconditional upload), so the test also
/// proves that the path, the settings and the notice's property names agree.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublishLatestFunctionTests(AzuriteFixture azurite)
{
    private static readonly TenantId Acme = TenantId.Parse("acme");
    private static readonly ContractId Portal = ContractId.Parse("acme-portal");

    [Fact]
    public async Task A_Notice_Copies_The_Revision_To_Its_Stable_Name()
    {
        await using var app = await FunctionsApp.StartAsync(azurite);
        var r1 = await PublishAsync(app, 1);

        await RunAsHostAsync(app, Notice(1));

        Assert.Equal(r1, await LatestAsync(app));
    }

    [Fact]
    public async Task A_Stale_Notice_For_R2_Arriving_After_R3_Was_Published_Writes_R3()
    {
        await using var app = await FunctionsApp.StartAsync(azurite);
        await PublishAsync(app, 1);
        await PublishAsync(app, 2);
        await RunAsHostAsync(app, Notice(2));
        var r3 = await PublishAsync(app, 3);
        await RunAsHostAsync(app, Notice(3));

        // The notice for r2 is delivered again (a redelivery, or a notice that waited in the queue) after r3.
        var written = await RunAsHostAsync(app, Notice(2));

        Assert.True(written is null || written.SequenceEqual(r3));
        Assert.Equal(r3, await LatestAsync(app));
    }

    [Fact]
    public async Task Notices_In_Any_Order_Leave_The_Newest_Revision()
    {
        await using var app = await FunctionsApp.StartAsync(azurite);
        await PublishAsync(app, 1);
        await PublishAsync(app, 2);
        var r3 = await PublishAsync(app, 3);

        foreach (var revision in new[] { 3, 1, 2, 3, 2, 1 })
        {
            await RunAsHostAsync(app, Notice(revision));
            Assert.Equal(r3, await LatestAsync(app));
        }
    }

    [Fact]
    public async Task A_Notice_Ahead_Of_The_Listing_Or_For_A_Window_Without_Revisions_Writes_Nothing()
    {
        await using var app = await FunctionsApp.StartAsync(azurite);

        Assert.Null(await app.Function<PublishLatestFunction>().RunAsync(Notice(1), default));
        await PublishAsync(app, 1);
        Assert.Null(await app.Function<PublishLatestFunction>().RunAsync(Notice(2), default));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"tenant":"acme","contract":"acme-portal","window":"2025-03-01_2025-03-31"}""")]
    [InlineData("""{"tenant":"acme","contract":"acme-portal","window":"../other","revision":1}""")]
    [InlineData("""{"tenant":"acme","contract":"acme-portal","window":"2025-03-01_2025-03-31","revision":0}""")]
    public async Task A_Malformed_Notice_Writes_Nothing_And_Is_Logged(string message)
    {
        await using var app = await FunctionsApp.StartAsync(azurite);

        Assert.Null(await app.Function<PublishLatestFunction>().RunAsync(message, default));
        Assert.Single(app.Log<PublishLatestFunction>().Entries);
    }

    [Fact]
    public void The_Binding_Path_Is_The_Stable_Name_The_Storage_Layout_Documents()
    {
        var revision = new InvoiceRevision(Acme, Portal, CloseFunctionTests.March, 4);
        var path = ResolvePath(FunctionsApp.LocalSettingsExample(), PublishedRevisionJson.Write(revision));

        Assert.Equal($"latest/{PublishedRevisionJson.LatestBlobName(revision)}", path);
        Assert.Equal("latest/acme/acme-portal/2025-03-01_2025-03-31/latest.json", path);
    }

    private static string Notice(int revision) =>
        PublishedRevisionJson.Write(new InvoiceRevision(Acme, Portal, CloseFunctionTests.March, revision));

    /// <summary>Publishes revision <paramref name="n"/> of March with a body of its own; returns the body.</summary>
    private static async Task<byte[]> PublishAsync(FunctionsApp app, int n)
    {
        var json = Encoding.UTF8.GetBytes($$"""{"revision":{{n}}}""");
        Assert.True(await app.Services.GetRequiredService<IInvoiceStore>().TryCreateAsync(
            new InvoiceRevision(Acme, Portal, CloseFunctionTests.March, n), json, TouchBaseline.None, default));
        return json;
    }

    /// <summary>Runs the function and, as the host does with a blob output binding, uploads a non-null result over the resolved path.</summary>
    private static async Task<byte[]?> RunAsHostAsync(FunctionsApp app, string message)
    {
        var result = await app.Function<PublishLatestFunction>().RunAsync(message, default);
        if (result is not null)
        {
            var path = ResolvePath(app.Settings, message);
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            var container = app.Account.Blobs.GetBlobContainerClient(path[..slash]);
            await container.CreateIfNotExistsAsync();
            await container.GetBlobClient(path[(slash + 1)..]).UploadAsync(new BinaryData(result), overwrite: true);
        }

        return result;
    }

    private static async Task<byte[]> LatestAsync(FunctionsApp app)
    {
        var blob = app.Account.Blobs.GetBlobContainerClient(app.Names.Latest)
            .GetBlobClient(PublishedRevisionJson.LatestBlobName(new InvoiceRevision(Acme, Portal, CloseFunctionTests.March, 1)));
        return (await blob.DownloadContentAsync()).Value.Content.ToArray();
    }

    /// <summary>The binding's blob path with <c>%setting%</c> from the app settings and <c>{property}</c> from the JSON message, as the host resolves it.</summary>
    private static string ResolvePath(IReadOnlyDictionary<string, string?> settings, string message)
    {
        var template = FunctionMetadataTests.Bindings("publish-latest").Single(b => b.GetProperty("type").GetString() == "blob").GetProperty("blobPath").GetString()!;
        var notice = CloseFunctionTests.Notice(message);
        var withSettings = Regex.Replace(template, "%([^%]+)%", m => settings[m.Groups[1].Value] ?? throw new KeyNotFoundException(m.Groups[1].Value));
        return Regex.Replace(withSettings, @"\{(\w+)\}", m => notice.GetProperty(m.Groups[1].Value).ToString());
    }
}

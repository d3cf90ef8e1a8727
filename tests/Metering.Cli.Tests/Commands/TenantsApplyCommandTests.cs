using Metering.Cli.Tests.Support;
using Metering.Domain.Ports;
using Metering.Storage.Accounts;
using Metering.Storage.Tenants;
using Metering.Testing.Azurite;
using Metering.Testing.Storage;

namespace Metering.Cli.Tests.Commands;

[Collection(AzuriteCollection.Name)]
public sealed class TenantsApplyCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_Valid_File_Stores_Every_Tenant()
    {
        using var files = new TestFiles();
        var prefix = AzuriteFixture.NewPrefix();

        var run = await CliRun.RunAsync(["tenants", "apply", files.Write("tenants.json", SampleInput.Tenants), "--storage", azurite.ConnectionString, "--prefix", prefix]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("Stored 2 tenant(s): 2 created, 0 replaced, 0 unchanged.", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("warning:", run.Error, StringComparison.Ordinal);
        ITenantRegistry registry = new TableTenantRegistry(StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageNames(prefix)));
        var directory = await registry.LoadAsync(default);
        Assert.True(directory.TryGet("acme", out var acme));
        Assert.Equal("Europe/Berlin", acme.Zone.Id);
        Assert.True(directory.TryGet("globex", out var globex));
        Assert.Equal("UTC", globex.Zone.Id);
    }

    [Fact]
    public async Task Reapplying_A_Tenant_Without_A_Sender_Stores_It_And_Warns_What_Its_Events_Will_Become()
    {
        using var files = new TestFiles();
        var prefix = AzuriteFixture.NewPrefix();
        string[] storage = ["--storage", azurite.ConnectionString, "--prefix", prefix];
        var before = files.Write("before.json", """[{"id": "acme", "zone": "Europe/Berlin", "sources": ["app://crm", "app://lms"], "senders": ["lms", "crm"]}, {"id": "globex", "sources": ["app://erp"]}]""");
        var after = files.Write("after.json", """[{"id": "acme", "zone": "Europe/Paris", "sources": ["app://crm"], "senders": ["crm"]}, {"id": "globex", "sources": ["app://erp"]}]""");
        Assert.Equal(ExitCodes.Success, (await CliRun.RunAsync(["tenants", "apply", before, .. storage])).ExitCode);

        var run = await CliRun.RunAsync(["tenants", "apply", after, "--json", .. storage]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(
            [
                "warning: tenant acme: sender 'lms' is no longer listed; events it delivers for acme will be dead-lettered as unauthorized-sender.",
                "warning: tenant acme: source 'app://lms' is no longer listed; its events for acme will be dead-lettered as unregistered-source.",
                "warning: tenant acme: zone changes from Europe/Berlin to Europe/Paris; activity already stored keeps its local days in Europe/Berlin, batches received from now on take local days in Europe/Paris; a batch recorded before this change keeps Europe/Berlin's days when it is delivered again or replayed, unless it was recorded before batch markers kept zones; an event sent again in another batch takes Europe/Paris's days (docs/operations.md, \"Replaying the raw archive\").",
            ],
            run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        using var report = System.Text.Json.JsonDocument.Parse(run.Out);
        var acme = report.RootElement[0];
        Assert.Equal("acme", acme.GetProperty("tenant").GetString());
        Assert.Equal("replaced", acme.GetProperty("status").GetString());
        Assert.Equal("Europe/Berlin", acme.GetProperty("previousZone").GetString());
        Assert.Equal(["lms"], acme.GetProperty("removedSenders").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["app://lms"], acme.GetProperty("removedSources").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["crm"], acme.GetProperty("senders").EnumerateArray().Select(e => e.GetString()));
        var globex = report.RootElement[1];
        Assert.Equal("unchanged", globex.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, globex.GetProperty("previousZone").ValueKind);
        Assert.Empty(globex.GetProperty("removedSenders").EnumerateArray());

        ITenantRegistry registry = new TableTenantRegistry(StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageNames(prefix)));
        Assert.True((await registry.LoadAsync(default)).TryGet("acme", out var stored));
        Assert.Equal(["crm"], stored.Senders);
    }

    [Fact]
    public async Task Widening_A_Tenant_Warns_Nothing()
    {
        using var files = new TestFiles();
        var prefix = AzuriteFixture.NewPrefix();
        string[] storage = ["--storage", azurite.ConnectionString, "--prefix", prefix];
        await CliRun.RunAsync(["tenants", "apply", files.Write("before.json", """[{"id": "acme", "sources": ["app://crm"], "senders": ["crm"]}]"""), .. storage]);

        var run = await CliRun.RunAsync(["tenants", "apply", files.Write("after.json", """[{"id": "acme", "sources": ["app://crm", "app://lms"], "senders": ["crm", "lms"]}]"""), .. storage]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("Stored 1 tenant(s): 0 created, 1 replaced, 0 unchanged.", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("warning:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_Invalid_File_Exits_2_Lists_Every_Problem_And_Stores_Nothing()
    {
        using var files = new TestFiles();
        var prefix = AzuriteFixture.NewPrefix();
        var path = files.Write("tenants.json", """[{"id": "ok", "sources": ["app://a"]}, {"id": "Bad!", "zone": "Nowhere/City", "sources": ["app://b"]}]""");

        var run = await CliRun.RunAsync(["tenants", "apply", path, "--storage", azurite.ConnectionString, "--prefix", prefix]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("$[1].id: 'Bad!' is not a tenant id", run.Error, StringComparison.Ordinal);
        Assert.Contains("$[1].zone: 'Nowhere/City' is not an IANA time zone", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageNames(prefix));
        Assert.Equal(0, (await TableSnapshot.OfPrefixAsync(account.Tables, prefix)).Entities);
    }

    // The registry keeps a tenant's sources in one property (32K characters): a longer list is refused before anything
    // is stored, naming the tenant, instead of failing in storage halfway through the file.
    [Fact]
    public async Task A_Tenant_With_More_Sources_Than_The_Registry_Holds_Exits_2_And_Stores_Nothing()
    {
        using var files = new TestFiles();
        var prefix = AzuriteFixture.NewPrefix();
        var sources = string.Join(", ", Enumerable.Range(0, 1_000).Select(i => $"\"https://app-{i:D4}.acme.example/lms/course-player\""));
        var path = files.Write("tenants.json", $$"""[{"id": "ok", "sources": ["app://a"]}, {"id": "big", "sources": [{{sources}}]}]""");

        var run = await CliRun.RunAsync(["tenants", "apply", path, "--storage", azurite.ConnectionString, "--prefix", prefix]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("tenant big: its sources take 50,001 characters as stored, more than the registry holds (32,000)", run.Error, StringComparison.Ordinal);
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageNames(prefix));
        Assert.Equal(0, (await TableSnapshot.OfPrefixAsync(account.Tables, prefix)).Entities);
    }

    [Fact]
    public async Task A_Missing_File_Exits_2()
    {
        var run = await CliRun.RunAsync(["tenants", "apply", "/no/such/tenants.json", "--storage", azurite.ConnectionString]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("no such file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_Storage_Exits_3_Without_A_Stack_Trace()
    {
        using var files = new TestFiles();
        const string nowhere = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;";

        var run = await CliRun.RunAsync(
            ["tenants", "apply", files.Write("tenants.json", SampleInput.Tenants), "--storage", nowhere],
            options => options.Retry.MaxRetries = 0);

        Assert.Equal(ExitCodes.StorageFailed, run.ExitCode);
        Assert.Contains("storage unreachable or failing", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_Ill_Formed_Connection_String_Is_Invalid_Input_Not_A_Storage_Failure()
    {
        using var files = new TestFiles();

        var run = await CliRun.RunAsync(["tenants", "apply", files.Write("tenants.json", SampleInput.Tenants), "--storage", "not-a-connection-string"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--storage", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tenants")]
    [InlineData("tenants", "apply")]
    [InlineData("tenants", "apply", "a.json", "--no-such-option")]
    [InlineData("frobnicate")]
    public async Task Invalid_Usage_Exits_2(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("metering --help", run.Error, StringComparison.Ordinal);
    }
}

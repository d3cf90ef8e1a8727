using Metering.Hosting.Composition;
using Metering.Hosting.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Metering.Cli.Tests.Hosting;

public sealed class MeteringSettingsTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void Settings_Are_Read_From_Their_Configuration_Keys()
    {
        var settings = MeteringSettings.FromConfiguration(Configuration(
            ("Storage:AccountName", "meteringprod"),
            ("Storage:Prefix", "blue"),
            ("Storage:MaxConcurrentPartitions", "4"),
            ("Ingest:BatchSize", "1000"),
            ("Ingest:TenantCacheSeconds", "30"),
            ("Ingest:MaxEventAgeDays", "4000"),
            ("Ingest:DuplicateHorizonDays", "90"),
            ("Clock:AsOf", "2024-03-01T13:00:00+01:00")));

        Assert.Equal("meteringprod", settings.StorageAccountName);
        Assert.Equal("blue", settings.StoragePrefix);
        Assert.Equal(4, settings.MaxConcurrentPartitions);
        Assert.Equal(1000, settings.IngestBatchSize);
        Assert.Equal(Duration.FromSeconds(30), settings.TenantCacheTimeToLive);
        Assert.Equal(Duration.FromDays(4000), settings.MaximumEventAge);
        Assert.Equal(Duration.FromDays(90), settings.DuplicateHorizon);
        Assert.Equal(Instant.FromUtc(2024, 3, 1, 12, 0), settings.AsOf);
        Assert.Empty(settings.Validate());
    }

    [Fact]
    public void The_Functions_Style_Storage_Connection_Is_Read_As_A_Connection_String_Or_As_Service_Uris()
    {
        // local.settings.json names the emulator "Storage" (the queue trigger's connection); in Azure the same
        // connection is identity-based: Storage__tableServiceUri, Storage__blobServiceUri, Storage__queueServiceUri.
        var local = MeteringSettings.FromConfiguration(Configuration(("Storage", "UseDevelopmentStorage=true")));
        var azure = MeteringSettings.FromConfiguration(Configuration(
            ("Storage:tableServiceUri", "https://st.table.core.windows.net/"),
            ("Storage:blobServiceUri", "https://st.blob.core.windows.net/"),
            ("Storage:queueServiceUri", "https://st.queue.core.windows.net/"),
            ("Storage:credential", "managedidentity")));

        Assert.Equal("UseDevelopmentStorage=true", local.StorageConnectionString);
        Assert.Empty(local.Validate());
        Assert.Null(azure.StorageConnectionString);
        Assert.Equal(new Uri("https://st.queue.core.windows.net/"), azure.QueueServiceUri);
        Assert.Empty(azure.Validate());
    }

    [Fact]
    public void Without_Configuration_Defaults_Apply_And_Storage_Is_Required()
    {
        var settings = MeteringSettings.FromConfiguration(Configuration());

        Assert.Equal(50_000, settings.IngestBatchSize);
        Assert.Equal(Duration.FromDays(1096), settings.MaximumEventAge);
        Assert.Equal(string.Empty, settings.StoragePrefix);
        Assert.Null(settings.AsOf);
        Assert.Contains(settings.Validate(), p => p.StartsWith("No storage account", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_Problem_Is_Listed()
    {
        var settings = new MeteringSettings
        {
            StorageConnectionString = MeteringSettings.DevelopmentStorage,
            StorageAccountName = "x",
            StoragePrefix = "Not-Valid",
            IngestBatchSize = 0,
            MaximumEventAge = Duration.FromHours(23),
            DuplicateHorizon = Duration.FromDays(365_251),
        };

        Assert.Equal(6, settings.Validate().Count);
        Assert.Contains(settings.Validate(), p => p.StartsWith("Storage:AccountName 'x' is not a storage account name", StringComparison.Ordinal));
        Assert.Contains("Ingest:DuplicateHorizonDays must be from 1 to 365250 (a thousand years).", settings.Validate());
        Assert.Contains("Ingest:MaxEventAgeDays must be from 1 to 365250 (a thousand years).", settings.Validate());
        Assert.Contains(
            "Ingest:MaxEventAgeDays must be from 1 to 365250 (a thousand years).",
            MeteringSettings.FromConfiguration(Configuration(("Storage", "UseDevelopmentStorage=true"), ("Ingest:MaxEventAgeDays", "2147483647"))).Validate());
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddMetering(settings));
    }

    // The storage clients are made on first use: a setting they cannot use must stop the host at start, before a
    // Functions invocation fails on it with every batch (the Event Hubs trigger then moves past the batch).
    [Theory]
    [InlineData("Storage", "garbage", "Storage:ConnectionString is not a usable storage connection string")]
    [InlineData("Storage", "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=notbase64!;EndpointSuffix=core.windows.net", "Storage:ConnectionString is not a usable storage connection string")]
    [InlineData("Storage:AccountName", "metering st", "Storage:AccountName 'metering st' is not a storage account name")]
    [InlineData("Storage:AccountName", "meteringst.blob.core.windows.net", "is not a storage account name")]
    [InlineData("Storage:TableServiceUri", "http://st.table.core.windows.net/", "Storage:TableServiceUri 'http://st.table.core.windows.net/' must be an https URI")]
    public void Storage_Settings_The_Clients_Cannot_Use_Are_Refused_At_Start(string key, string value, string problem)
    {
        var configuration = key == "Storage:TableServiceUri"
            ? Configuration((key, value), ("Storage:BlobServiceUri", "https://st.blob.core.windows.net/"), ("Storage:QueueServiceUri", "https://st.queue.core.windows.net/"))
            : Configuration((key, value));

        var settings = MeteringSettings.FromConfiguration(configuration);

        Assert.Contains(settings.Validate(), p => p.Contains(problem, StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddMetering(settings));
    }

    [Fact]
    public void The_Emulator_Over_Http_On_Loopback_Is_Accepted()
    {
        var settings = MeteringSettings.FromConfiguration(Configuration(
            ("Storage:TableServiceUri", "http://127.0.0.1:10002/devstoreaccount1"),
            ("Storage:BlobServiceUri", "http://127.0.0.1:10000/devstoreaccount1"),
            ("Storage:QueueServiceUri", "http://127.0.0.1:10001/devstoreaccount1")));

        Assert.Empty(settings.Validate());
    }

    [Theory]
    [InlineData("Ingest:BatchSize", "many")]
    [InlineData("Storage:TableServiceUri", "not a uri")]
    [InlineData("Clock:AsOf", "2024-03-01 12:00")]
    public void An_Ill_Formed_Value_Is_An_Error_Not_A_Silent_Default(string key, string value)
    {
        Assert.Throws<FormatException>(() => MeteringSettings.FromConfiguration(Configuration((key, value))));
    }

    [Fact]
    public void The_As_Of_Instant_Becomes_The_Clock()
    {
        var asOf = Instant.FromUtc(2024, 2, 29, 23, 0);
        using var services = new ServiceCollection()
            .AddMetering(new MeteringSettings { StorageConnectionString = MeteringSettings.DevelopmentStorage, AsOf = asOf })
            .BuildServiceProvider();

        Assert.Equal(asOf, services.GetRequiredService<IClock>().GetCurrentInstant());
    }
}

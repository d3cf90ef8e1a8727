using System.Reflection;
using System.Text.Json;
using Metering.Functions.Tests.Support;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Functions.Tests;

/// <summary>
/// The metadata contract: what the worker hands the host when it indexes the app (the provider the app's composition
/// registers: the source-generated <c>GeneratedFunctionMetadataProvider</c> with one ingest per sender), and the
/// <c>functions.metadata</c> file the build writes beside it. The host creates triggers and bindings from exactly these
/// fields, so a renamed setting, a lost <c>cardinality</c> or a changed parameter type shows here before it shows in Azure.
/// </summary>
public sealed class FunctionMetadataTests
{
    /// <summary>The source-generated functions: the templates, as the attributes declare them.</summary>
    private static readonly Lazy<IReadOnlyList<IFunctionMetadata>> Generated = new(() =>
        new GeneratedFunctionMetadataProvider().GetFunctionMetadataAsync(AppContext.BaseDirectory).GetAwaiter().GetResult());

    /// <summary>
    /// What the worker hands the host, with the senders "lms" and "reader": the generated functions with every
    /// transformer the app's composition registers applied in order, as the worker's metadata manager applies them.
    /// </summary>
    private static readonly Lazy<IReadOnlyList<IFunctionMetadata>> Indexed = new(() =>
    {
        var settings = FunctionsApp.LocalSettingsExample();
        settings["Senders"] = "lms, reader";
        using var services = new ServiceCollection()
            .AddMeteringFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        var functions = Generated.Value.ToList();
        foreach (var transformer in services.GetServices<IFunctionMetadataTransformer>())
        {
            transformer.Transform(functions);
        }

        return functions;
    });

    [Fact]
    public void The_App_Changes_The_Functions_Through_A_Transformer_And_Leaves_The_Generated_Provider_In_Place()
    {
        // A transformer applies whichever provider the worker registered and in whatever order: replacing the provider
        // would depend on registering after the generated one.
        var settings = FunctionsApp.LocalSettingsExample();
        var services = new ServiceCollection().AddMeteringFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        Assert.IsType<SenderFunctions>(Assert.Single(services, d => d.ServiceType == typeof(IFunctionMetadataTransformer)).ImplementationInstance);
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IFunctionMetadataProvider));
    }

    /// <summary>The raw bindings of one function, as the worker sends them.</summary>
    public static IReadOnlyList<JsonElement> Bindings(string function) =>
        Generated.Value.Single(f => f.Name == function).RawBindings!.Select(b => JsonDocument.Parse(b).RootElement.Clone()).ToArray();

    /// <summary>Every function with its bindings.</summary>
    public static IEnumerable<(string Function, JsonElement Binding)> AllBindings() =>
        Generated.Value.SelectMany(f => Bindings(f.Name!).Select(b => (f.Name!, b)));

    [Fact]
    public void The_Worker_Hands_The_Host_One_Ingest_Per_Sender_And_The_Timer_Queue_And_Blob_Output_Functions()
    {
        var functions = Indexed.Value.OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => (f.Name, f.EntryPoint, f.ScriptFile, f.Language))
            .ToArray();

        Assert.Equal(
            [
                ("close-schedule", "Metering.Functions.CloseScheduleFunction.RunAsync", "Metering.Functions.dll", "dotnet-isolated"),
                ("close-window", "Metering.Functions.CloseWindowFunction.RunAsync", "Metering.Functions.dll", "dotnet-isolated"),
                ("ingest-lms", "Metering.Functions.IngestFunction.RunAsync", "Metering.Functions.dll", "dotnet-isolated"),
                ("ingest-reader", "Metering.Functions.IngestFunction.RunAsync", "Metering.Functions.dll", "dotnet-isolated"),
                ("publish-latest", "Metering.Functions.PublishLatestFunction.RunAsync", "Metering.Functions.dll", "dotnet-isolated"),
            ],
            functions);
        Assert.Equal(functions.Length, Indexed.Value.Select(f => f.FunctionId).Distinct().Count());
    }

    [Theory]
    [InlineData("ingest-lms", "telemetry-lms")]
    [InlineData("ingest-reader", "telemetry-reader")]
    public void Each_Senders_Ingest_Is_A_Batched_Event_Hubs_Trigger_On_That_Senders_Hub_Alone(string function, string hub)
    {
        var trigger = Assert.Single(Indexed.Value.Single(f => f.Name == function).RawBindings!);

        Assert.Equal(
            $$"""{"name":"events","type":"eventHubTrigger","direction":"In","eventHubName":"{{hub}}","connection":"EventHub","consumerGroup":"%EventHubConsumerGroup%","cardinality":"Many","dataType":"Binary"}""",
            trigger);
    }

    [Fact]
    public void The_Ingest_Template_Names_Only_The_Hub_Prefix_A_Hub_No_Sender_Writes_To()
    {
        Assert.Equal(
            """{"name":"events","type":"eventHubTrigger","direction":"In","eventHubName":"%EventHubNamePrefix%","connection":"EventHub","consumerGroup":"%EventHubConsumerGroup%","cardinality":"Many","dataType":"Binary"}""",
            Assert.Single(Bindings("ingest")).GetRawText());
        Assert.DoesNotContain(Indexed.Value, f => f.Name == "ingest");
    }

    [Theory]
    [InlineData("", "lists no sender")]
    [InlineData("lms, Bad_Sender", "'Bad_Sender' is not a sender id")]
    public void The_App_Refuses_To_Start_Without_A_Valid_Sender_List(string senders, string problem)
    {
        var settings = FunctionsApp.LocalSettingsExample();
        settings["Senders"] = senders;

        var refused = Assert.Throws<InvalidOperationException>(() => new ServiceCollection()
            .AddMeteringFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));

        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ingest-lms", "lms")]
    [InlineData("ingest-a-b", "a-b")]
    [InlineData("ingest", null)]
    [InlineData("ingest-", null)]
    [InlineData("ingest-Bad", null)]
    [InlineData("close-window", null)]
    public void The_Sender_Is_Read_Back_From_The_Function_Name(string function, string? sender) =>
        Assert.Equal(sender, SenderFunctions.SenderOf(function));

    [Fact]
    public void The_Ingest_Entry_Point_Takes_Byte_Arrays_And_Binds_Sequence_Numbers_By_Their_Binding_Data_Name()
    {
        // The 5.1.0 host extension sends a batch's bodies as a collection of bytes and its sequence numbers as the
        // binding data "SequenceNumberArray" (longs), which the worker binds to a parameter of that name.
        var parameters = typeof(IngestFunction).GetMethod(nameof(IngestFunction.RunAsync))!.GetParameters();

        Assert.Equal(typeof(byte[][]), parameters[0].ParameterType);
        Assert.Equal(("sequenceNumberArray", typeof(long[])), (parameters[1].Name, parameters[1].ParameterType));
    }

    [Fact]
    public void The_Schedule_Is_A_Timer_On_The_CloseSchedule_Setting()
    {
        Assert.Equal(
            """{"name":"timer","type":"timerTrigger","direction":"In","schedule":"%CloseSchedule%"}""",
            Assert.Single(Bindings("close-schedule")).GetRawText());
    }

    [Fact]
    public void The_Close_Reads_The_Close_Queue_And_Writes_Notices_And_Rejected_Messages()
    {
        Assert.Equal(
            [
                """{"name":"message","type":"queueTrigger","direction":"In","queueName":"%CloseQueue%","connection":"Storage","dataType":"String"}""",
                """{"name":"Published","type":"queue","direction":"Out","queueName":"%PublishedQueue%","connection":"Storage"}""",
                """{"name":"Rejected","type":"queue","direction":"Out","queueName":"%CloseQueue%-poison","connection":"Storage"}""",
            ],
            Bindings("close-window").Select(b => b.GetRawText()));
    }

    [Fact]
    public void Publish_Latest_Reads_Notices_And_Returns_The_Blob_At_The_Stable_Name()
    {
        Assert.Equal(
            [
                """{"name":"$return","type":"blob","direction":"Out","blobPath":"%LatestContainer%/{tenant}/{contract}/{window}/latest.json","connection":"Storage"}""",
                """{"name":"message","type":"queueTrigger","direction":"In","queueName":"%PublishedQueue%","connection":"Storage","dataType":"String"}""",
            ],
            Bindings("publish-latest").Select(b => b.GetRawText()));
    }

    [Fact]
    public void The_Built_Functions_Metadata_File_Lists_The_Same_Functions_And_Bindings()
    {
        var path = Path.Combine(FunctionsOutputDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} was not written by the build.");
        using var file = JsonDocument.Parse(File.ReadAllText(path));

        var written = file.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray().Select(b => Describe(
                f.GetProperty("name").GetString()!, f.GetProperty("entryPoint").GetString()!, b)))
            .Order(StringComparer.Ordinal);
        var generated = Generated.Value
            .SelectMany(f => Bindings(f.Name!).Select(b => Describe(f.Name!, f.EntryPoint!, b)))
            .Order(StringComparer.Ordinal);

        Assert.Equal(generated, written);
    }

    /// <summary>The build output of the Functions project (where functions.metadata, worker.config.json and extensions.json are).</summary>
    public static string FunctionsOutputDirectory =>
        typeof(FunctionMetadataTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsOutputDirectory").Value!;

    // The fields the host reads, case-insensitively. The file also gives output bindings of strings a dataType, which the
    // generator leaves out (the host then takes the value as sent); with worker indexing on, the generator's is what counts.
    private static string Describe(string function, string entryPoint, JsonElement binding)
    {
        string Field(string name) =>
            binding.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } value
                ? value.GetString()!.ToLowerInvariant()
                : "-";
        return string.Join(
            " | ",
            function, entryPoint, Field("name"), Field("type"), Field("direction"), Field("direction") == "in" ? Field("dataType") : "-", Field("cardinality"),
            Field("connection"), Field("eventHubName"), Field("consumerGroup"), Field("queueName"), Field("blobPath"), Field("schedule"));
    }
}

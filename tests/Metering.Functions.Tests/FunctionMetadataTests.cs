using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;

namespace Metering.Functions.Tests;

/// <summary>
/// The metadata contract: what the worker hands the host when it indexes the app (the source-generated
/// <c>GeneratedFunctionMetadataProvider</c>), and the <c>functions.metadata</c> file the build writes beside it. The host
/// creates triggers and bindings from exactly these fields, so a renamed setting, a lost <c>cardinality</c> or a changed
/// parameter type shows here before it shows in Azure.
/// </summary>
public sealed class FunctionMetadataTests
{
    private static readonly Lazy<IReadOnlyList<IFunctionMetadata>> Generated = new(() =>
        new GeneratedFunctionMetadataProvider().GetFunctionMetadataAsync(AppContext.BaseDirectory).GetAwaiter().GetResult());

    /// <summary>The raw bindings of one function, as the worker sends them.</summary>
    public static IReadOnlyList<JsonElement> Bindings(string function) =>
        Generated.Value.Single(f => f.Name == function).RawBindings!.Select(b => JsonDocument.Parse(b).RootElement.Clone()).ToArray();

    /// <summary>Every function with its bindings.</summary>
    public static IEnumerable<(string Function, JsonElement Binding)> AllBindings() =>
        Generated.Value.SelectMany(f => Bindings(f.Name!).Select(b => (f.Name!, b)));

    [Fact]
    public void The_App_Has_Exactly_The_Ingest_Timer_Queue_And_Blob_Output_Functions_With_Their_Entry_Points()
    {
        var functions = Generated.Value.OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => (f.Name, f.EntryPoint, f.ScriptFile, f.Language))
            .ToArray();

        Assert.Equal(
            [
                ("close-schedule", "Metering.Functions.CloseScheduleFunction.RunAsync", "Metering.Functions.dll", "dotnet-isolated"),
                ("close-window", "Metering.Functions.CloseWindowFunction.RunAsync", "Metering.Functions.dll", "dotnet-isolated"),
                ("ingest", "Metering.Functions.IngestFunction.RunAsync", "Metering.Functions.dll", "dotnet-isolated"),
                ("publish-latest", "Metering.Functions.PublishLatestFunction.RunAsync", "Metering.Functions.dll", "dotnet-isolated"),
            ],
            functions);
    }

    [Fact]
    public void Ingest_Is_A_Batched_Event_Hubs_Trigger_Of_Binary_Bodies_On_Its_Consumer_Group()
    {
        var trigger = Assert.Single(Bindings("ingest"));

        Assert.Equal(
            """{"name":"events","type":"eventHubTrigger","direction":"In","eventHubName":"%EventHubName%","connection":"EventHub","consumerGroup":"%EventHubConsumerGroup%","cardinality":"Many","dataType":"Binary"}""",
            trigger.GetRawText());
    }

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

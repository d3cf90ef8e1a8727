using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Metering.Benchmarks.EndToEnd;
using Metering.Benchmarks.Reporting;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Events;
using Metering.Domain.Formats;
using Metering.Domain.Ingest;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Domain.Windows;
using Metering.Hosting.Composition;
using Metering.Hosting.Settings;
using Metering.Pipeline.Closing;
using Metering.Storage.Activity;
using Metering.Storage.Closing;
using Metering.Storage.Tenants;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Metering.Benchmarks.Closing;

/// <summary>
/// Closes one window per template for one tenant of N units (10k, 100k, 1M): <c>monthly-active</c> (March 2025),
/// <c>contract-year-active</c> and <c>ninety-day-peak</c> (the term, January to March: three months of presence)
/// and <c>registered-users</c> (March, user timelines from the facts). Each size gets an Azurite of its own, loaded
/// once; each close then runs in a fresh process of its own, which counts its storage requests by kind and its own
/// processor time, apart from the emulator's.
/// </summary>
public static class CloseRun
{
    private const string Source = "https://hr.example/app";
    private static readonly Instant Now = Instant.FromUtc(2025, 4, 10, 0, 0);
    private static readonly LocalDate TermStart = new(2025, 1, 1);
    private static readonly LocalDate TermEnd = new(2025, 3, 31);

    /// <summary>The templates closed at every size.</summary>
    public static readonly IReadOnlyList<string> Templates = ["monthly-active", "contract-year-active", "registered-users", "ninety-day-peak"];

    /// <summary>Loads every size, closes each window in a child process and writes <c>close.json</c>.</summary>
    public static async Task<IReadOnlyList<CloseFigures>> RunAsync(string results, IReadOnlyList<int> sizes, CancellationToken cancellationToken)
    {
        var figures = new List<CloseFigures>();
        foreach (var size in sizes)
        {
            // An emulator per size, given a key index (bench/azurite/keyed-tables.js): Azurite answers each page of a
            // query by filtering and sorting the whole table, which at a million units would take hours.
            await using var azurite = await KeyedAzurite.StartAsync();
            var prefix = PrefixOf(size);
            var account = MeteringServiceCollectionExtensions.Connect(
                new MeteringSettings { StorageConnectionString = azurite.Fixture.ConnectionString, StoragePrefix = prefix, AsOf = Now });
            var tenant = new Tenant(TenantId.Parse(TenantOf(size)), DateTimeZone.Utc, [Source]);
            await new TableTenantRegistry(account).ApplyAsync([tenant], cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loading {size:N0} units into tenant {TenantOf(size)}..."));
            var loading = Stopwatch.StartNew();
            await LoadAsync(new TableActivityStore(account), new TenantDirectory([tenant]), size, cancellationToken);
            var loadSeconds = loading.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loaded in {loadSeconds:F0} s."));
            var contracts = new BlobContractStore(account);
            foreach (var template in Templates)
            {
                await contracts.ApplyAsync(ContractOf(size, template), cancellationToken);
            }

            foreach (var template in Templates)
            {
                var output = Path.Combine(results, "work", $"close-{template}-{size}.json");
                var emulatorBefore = ProcessTimes.Children("node");
                await RunChildAsync(["close-one", "--connection", azurite.Fixture.ConnectionString, "--prefix", prefix, "--contract", ContractIdOf(size, template),
                    "--units", size.ToString(CultureInfo.InvariantCulture), "--template", template, "--out", output,
                    "--table-port", azurite.Fixture.TablePort.ToString(CultureInfo.InvariantCulture),
                    "--blob-port", azurite.Fixture.BlobPort.ToString(CultureInfo.InvariantCulture)], cancellationToken);
                var emulatorSeconds = ProcessTimes.Children("node") - emulatorBefore;
                await using var file = File.OpenRead(output);
                var measured = (await JsonSerializer.DeserializeAsync<CloseFigures>(file, cancellationToken: cancellationToken)
                    ?? throw new InvalidOperationException($"{output} is empty.")) with { AzuriteCpuSeconds = emulatorSeconds, LoadSeconds = loadSeconds };
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{template} {size:N0} units: {measured.Seconds:F1} s, {measured.CpuMicrosecondsPerUnit:F1} us of processor per unit, {measured.Requests.Requests:N0} requests, {measured.Requests.EntitiesRead:N0} entities read, quantity {measured.Quantity:N0}"));
                figures.Add(measured);
            }
        }

        await ResultFiles.WriteAsync(results, "close", figures, cancellationToken);
        return figures;
    }

    /// <summary>The child: closes one window and writes its figures to the output the arguments name.</summary>
    public static async Task CloseOneAsync(CloseOneArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var settings = new MeteringSettings { StorageConnectionString = arguments.Connection, StoragePrefix = arguments.Prefix, AsOf = Now };
        var counter = new RequestCounter { TablePort = arguments.TablePort, BlobPort = arguments.BlobPort };
        var account = MeteringServiceCollectionExtensions.Connect(settings, options => options.AddPolicy(counter, HttpPipelinePosition.PerRetry));
        await using var services = new ServiceCollection().AddSingleton(account).AddMetering(settings).BuildServiceProvider();
        var closer = services.GetRequiredService<WindowCloser>();
        var contract = await services.GetRequiredService<IContractStore>().GetAsync(ContractId.Parse(arguments.Contract), cancellationToken)
            ?? throw new InvalidOperationException($"No contract {arguments.Contract}.");
        // The window that ends with the term: March for the monthly templates, the term itself for the others.
        var scheduled = ContractCalendar.WindowsOf(contract, DateTimeZone.Utc).Single(w => w.Window.Days.End == TermEnd);
        var window = scheduled.Window;

        using var process = Process.GetCurrentProcess();
        var startWorkingSet = process.WorkingSet64;
        var gen2Before = GC.CollectionCount(2);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long peakManaged = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakManaged = Math.Max(peakManaged, GC.GetGCMemoryInfo().HeapSizeBytes);
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(10, CancellationToken.None);
            }
        }, CancellationToken.None);

        var requestsBefore = counter.Snapshot();
        var cpuBefore = ProcessTimes.Self();
        var clock = Stopwatch.StartNew();
        var outcome = await closer.CloseAsync(new CloseRequest(contract.Id, window.Id, "benchmark"), cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = ProcessTimes.Self() - cpuBefore;
        var requests = counter.Snapshot() - requestsBefore;
        await sampling.CancelAsync();
        await sampler;
        process.Refresh();

        var figures = new CloseFigures(
            arguments.Template,
            arguments.Units,
            scheduled.Needs.PresenceMonths.Length,
            outcome.Invoice?.Figures.Quantity ?? -1,
            seconds,
            cpuSeconds,
            process.PeakWorkingSet64,
            startWorkingSet,
            peakManaged,
            GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore,
            GC.CollectionCount(2) - gen2Before,
            requests,
            counter.EntitiesReadFrom(account.Names.Presence),
            counter.EntitiesReadFrom(account.Names.Facts));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(arguments.Output))!);
        await File.WriteAllTextAsync(arguments.Output, JsonSerializer.Serialize(figures), cancellationToken);
    }

    private static string PrefixOf(int size) => string.Create(CultureInfo.InvariantCulture, $"close{size}");

    private static string TenantOf(int size) => string.Create(CultureInfo.InvariantCulture, $"units{size}");

    private static string ContractIdOf(int size, string template) => string.Create(CultureInfo.InvariantCulture, $"{template}-{size}");

    private static Contract ContractOf(int size, string template)
    {
        var json = $$"""
            {"id":"{{ContractIdOf(size, template)}}","tenants":["{{TenantOf(size)}}"],"term":{"start":"{{TermStart:yyyy-MM-dd}}","end":"{{TermEnd:yyyy-MM-dd}}"},
             "versions":[{"version":1,"effective":"{{TermStart:yyyy-MM-dd}}","template":"{{template}}"}]}
            """;
        var read = ContractReader.Read(json);
        return read.IsValid ? read.Contract! : throw new InvalidOperationException(string.Join("; ", read.Problems.Select(p => p.Message)));
    }

    /// <summary>
    /// Each unit is created on a day of December 2024 and launches the app on two days of each of January, February
    /// and March 2025: every unit counts under every contract, and each month holds one presence entity per unit.
    /// </summary>
    private static async Task LoadAsync(TableActivityStore store, TenantDirectory tenants, int size, CancellationToken cancellationToken)
    {
        const int batchSize = 49_000;
        var batch = new List<RawEvent>(batchSize);
        var tenant = TenantOf(size);
        for (var unit = 0; unit < size; unit++)
        {
            batch.Add(Event(batch.Count, tenant, unit, "user.created", Instant.FromUtc(2024, 12, 1 + (unit % 31), 9, 0)));
            for (var month = 1; month <= 3; month++)
            {
                var days = DateTime.DaysInMonth(2025, month);
                batch.Add(Event(batch.Count, tenant, unit, "app.launched", Instant.FromUtc(2025, month, 1 + (unit % days), 10, 0)));
                batch.Add(Event(batch.Count, tenant, unit, "app.launched", Instant.FromUtc(2025, month, 1 + ((unit * 7) % days), 15, 30)));
            }

            if (batch.Count >= batchSize || unit == size - 1)
            {
                var plan = IngestPlanner.Plan(batch, tenants, Now);
                if (!plan.Rejected.IsEmpty)
                {
                    throw new InvalidOperationException($"The loader's own events were rejected: {plan.Rejected[0].Reason}.");
                }

                await store.WriteAsync(plan, Now, cancellationToken);
                batch.Clear();
            }
        }
    }

    private static RawEvent Event(int position, string tenant, int unit, string type, Instant time)
    {
        var subject = string.Create(CultureInfo.InvariantCulture, $"user-{unit:D7}@{tenant}.example");
        var id = string.Create(CultureInfo.InvariantCulture, $"{type}-{unit}-{time.ToUnixTimeSeconds()}");
        var body = $$"""{"specversion":"1.0","id":"{{id}}","source":"{{Source}}","type":"{{type}}","time":"{{time}}","tenantid":"{{tenant}}","subject":"{{subject}}"}""";
        return new RawEvent(Encoding.UTF8.GetBytes(body), position + 1);
    }

    private static async Task RunChildAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        // Under `dotnet Metering.Benchmarks.dll` the process path is dotnet itself: pass the assembly first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(CloseRun).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the closing process.");
        await child.WaitForExitAsync(cancellationToken);
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"The closing process exited with {child.ExitCode}.");
        }
    }
}

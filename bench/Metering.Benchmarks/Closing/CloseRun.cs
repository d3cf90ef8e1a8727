using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
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
/// Closes March 2025 for one tenant of N units (50k, 100k, 200k), under a <c>monthly-active</c> contract (presence)
/// and a <c>registered-users</c> contract (user timelines, period-end). The data is loaded once into one Azurite,
/// a tenant per size; each close then runs in a fresh process of its own, so its peak memory is the close's alone.
/// </summary>
public static class CloseRun
{
    private const string Source = "https://hr.example/app";
    private static readonly Instant Now = Instant.FromUtc(2025, 4, 10, 0, 0);
    private static readonly string[] Templates = ["monthly-active", "registered-users"];

    /// <summary>Loads every size, closes each window in a child process and writes <c>close.json</c>.</summary>
    public static async Task<IReadOnlyList<CloseFigures>> RunAsync(string results, IReadOnlyList<int> sizes, CancellationToken cancellationToken)
    {
        await using var azurite = new AzuriteHost();
        await azurite.StartAsync();
        var figures = new List<CloseFigures>();
        foreach (var size in sizes)
        {
            // Each size in tables of its own: the emulator's queries slow down with everything a table holds, which
            // real Table Storage's do not, so sizes must not share tables.
            var prefix = PrefixOf(size);
            var account = MeteringServiceCollectionExtensions.Connect(
                new MeteringSettings { StorageConnectionString = azurite.Fixture.ConnectionString, StoragePrefix = prefix, AsOf = Now });
            var tenant = new Tenant(TenantId.Parse(TenantOf(size)), DateTimeZone.Utc, [Source]);
            await new TableTenantRegistry(account).ApplyAsync([tenant], cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loading {size:N0} units into tenant {TenantOf(size)}..."));
            await LoadAsync(new TableActivityStore(account), new TenantDirectory([tenant]), size, cancellationToken);
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
                    "--units", size.ToString(CultureInfo.InvariantCulture), "--template", template, "--out", output], cancellationToken);
                var emulatorSeconds = ProcessTimes.Children("node") - emulatorBefore;
                await using var file = File.OpenRead(output);
                var measured = (await JsonSerializer.DeserializeAsync<CloseFigures>(file, cancellationToken: cancellationToken)
                    ?? throw new InvalidOperationException($"{output} is empty.")) with { AzuriteCpuSeconds = emulatorSeconds };
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{template} {size:N0} units: {measured.Seconds:F1} s, peak {measured.PeakWorkingSetBytes / 1048576.0:F0} MB, quantity {measured.Quantity:N0}"));
                figures.Add(measured);
            }
        }

        await ResultFiles.WriteAsync(results, "close", figures, cancellationToken);
        return figures;
    }

    /// <summary>The child: closes one window and writes its figures to <paramref name="output"/>.</summary>
    public static async Task CloseOneAsync(string connection, string prefix, string contractId, int units, string template, string output, CancellationToken cancellationToken)
    {
        var settings = new MeteringSettings { StorageConnectionString = connection, StoragePrefix = prefix, AsOf = Now };
        await using var services = new ServiceCollection().AddMetering(settings).BuildServiceProvider();
        var closer = services.GetRequiredService<WindowCloser>();
        var contract = await services.GetRequiredService<IContractStore>().GetAsync(ContractId.Parse(contractId), cancellationToken)
            ?? throw new InvalidOperationException($"No contract {contractId}.");
        var scheduled = ContractCalendar.WindowsOf(contract, DateTimeZone.Utc).Single();
        var window = scheduled.Window;

        using var process = Process.GetCurrentProcess();
        var startWorkingSet = process.WorkingSet64;
        var gen2Before = GC.CollectionCount(2);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = ProcessTimes.Self();
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

        var clock = Stopwatch.StartNew();
        var outcome = await closer.CloseAsync(new CloseRequest(contract.Id, window.Id, "benchmark"), cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        process.Refresh();
        var peakWorkingSet = process.PeakWorkingSet64;

        // After the measured close: the same reads again alone, to show how much of the close is storage reads.
        var reader = services.GetRequiredService<IActivityReader>();
        clock.Restart();
        long rows = 0;
        foreach (var tenant in contract.Tenants)
        {
            foreach (var month in scheduled.Needs.PresenceMonths)
            {
                await foreach (var _ in reader.ReadPresenceAsync(tenant, month, cancellationToken))
                {
                    rows++;
                }
            }

            if (scheduled.Needs.FactsThrough is { } through)
            {
                await foreach (var _ in reader.ReadFactsAsync(tenant, through, cancellationToken))
                {
                    rows++;
                }
            }
        }

        var readSeconds = clock.Elapsed.TotalSeconds;

        var figures = new CloseFigures(
            template,
            units,
            outcome.Invoice?.Figures.Quantity ?? -1,
            seconds,
            ProcessTimes.Self() - cpuBefore,
            peakWorkingSet,
            startWorkingSet,
            peakManaged,
            GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore,
            GC.CollectionCount(2) - gen2Before,
            readSeconds,
            rows);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(figures), cancellationToken);
    }

    private static string PrefixOf(int size) => string.Create(CultureInfo.InvariantCulture, $"close{size}");

    private static string TenantOf(int size) => string.Create(CultureInfo.InvariantCulture, $"units{size}");

    private static string ContractIdOf(int size, string template) => string.Create(CultureInfo.InvariantCulture, $"{template}-{size}");

    private static Contract ContractOf(int size, string template)
    {
        var json = $$"""
            {"id":"{{ContractIdOf(size, template)}}","tenants":["{{TenantOf(size)}}"],"term":{"start":"2025-03-01","end":"2025-03-31"},
             "versions":[{"version":1,"effective":"2025-03-01","template":"{{template}}"}]}
            """;
        var read = ContractReader.Read(json);
        return read.IsValid ? read.Contract! : throw new InvalidOperationException(string.Join("; ", read.Problems.Select(p => p.Message)));
    }

    /// <summary>
    /// Each unit is created on a day of February or March (so it exists at the end of March) and logs in on two
    /// days of March: every unit counts under both contracts.
    /// </summary>
    private static async Task LoadAsync(TableActivityStore store, TenantDirectory tenants, int size, CancellationToken cancellationToken)
    {
        const int batchSize = 50_000;
        var batch = new List<RawEvent>(batchSize);
        var tenant = TenantOf(size);
        for (var unit = 0; unit < size; unit++)
        {
            var created = Instant.FromUtc(2025, 2, 1 + (unit % 28), 9, 0);
            var first = Instant.FromUtc(2025, 3, 1 + (unit % 31), 10, 0);
            var second = Instant.FromUtc(2025, 3, 1 + ((unit * 7) % 31), 15, 30);
            batch.Add(Event(batch.Count, tenant, unit, "user.created", created));
            batch.Add(Event(batch.Count, tenant, unit, "user.login", first));
            batch.Add(Event(batch.Count, tenant, unit, "user.login", second));
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

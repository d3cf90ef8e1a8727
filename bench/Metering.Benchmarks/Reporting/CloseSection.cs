using System.Globalization;
using System.Text;
using Metering.Benchmarks.Closing;

namespace Metering.Benchmarks.Reporting;

/// <summary>Section 3 of the report: the close at each size, counted (requests by kind, entities) and timed apart from the emulator.</summary>
public static class CloseSection
{
    private const string Bench = "dotnet bench/Metering.Benchmarks/bin/Release/net10.0/Metering.Benchmarks.dll";

    /// <summary>Processor time per unit may grow this much from the smallest size to the largest before the target counts as missed: timing noise on a shared machine.</summary>
    public const double CpuNoise = 1.10;

    /// <summary>Appends the section, and its targets to <paramref name="targets"/>.</summary>
    public static void Append(StringBuilder md, IReadOnlyList<CloseFigures>? close, List<(string Target, string Measured, bool Met)> targets)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(targets);
        void Line(FormattableString text) => md.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        void Text(string text) => md.AppendLine(text);

        var sizes = close is null ? [] : close.Select(c => c.Units).Distinct().Order().ToArray();
        Line($"## 3. The close, counted: {string.Join(", ", sizes.Select(Size))} units");
        Text(string.Empty);
        if (close is null || close.Count == 0)
        {
            Text("Not measured in this run.");
            Text(string.Empty);
            return;
        }

        Line($"Command: `{Bench} close --units {string.Join(',', sizes)} --results out/bench`.");
        Text("One tenant per size (UTC). Every unit is created in December 2024 and launches the app on two days of each of");
        Text("January, February and March 2025. Four contracts with the term 1 January to 31 March 2025 are closed:");
        Text("`monthly-active` closes March (presence of one month and the tenant's facts through March), `registered-users`");
        Text("closes March from the facts alone (user timelines at the period end), `contract-year-active` and `ninety-day-peak`");
        Text("close the term (presence of three months and the facts). Every");
        Text("close runs in a fresh process (`close-one`) as the queue function runs it: reads, measure, evidence, invoice");
        Text("blob and ledger. A pipeline policy of that process counts each request attempt by the kind Azure bills it as,");
        Text("the entities each transaction carried and each query page returned; the process's own processor time is");
        Text("measured around the close, and the emulator's is measured apart (it is another process).");
        Text(string.Empty);
        Text("Each size gets its own Azurite, started with `bench/azurite/keyed-tables.js` loaded into it: Azurite answers every");
        Text("page of a query by filtering and sorting the whole table in JavaScript, which made a 200k-unit close take a");
        Text("minute of emulator time and would make a million-unit close take hours. The file gives its in-memory tables a");
        Text("key index and changes where rows are found, never which rows, their order, the page size or the continuation;");
        Text("the Storage test suite passes with it loaded (`NODE_OPTIONS=\"--require $PWD/bench/azurite/keyed-tables.js\" dotnet test tests/Metering.Storage.Tests`).");
        Text("The request counts do not depend on the emulator: they are what the SDK sent.");
        Text(string.Empty);

        Text("| template | units | months read | quantity billed | query pages | point reads | table writes | table other | blob puts | blob reads and lists | blob other | requests | requests per 1k units | entities read | of which presence | of which facts | entities read per unit |");
        Text("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var c in Ordered(close))
        {
            var r = c.Requests;
            Line($"| `{c.Template}` | {c.Units:N0} | {c.MonthsRead} | {c.Quantity:N0} | {r.TableQueryPages:N0} | {r.TablePointReads:N0} | {r.TableWrites + r.TableTransactions:N0} | {r.TableOther:N0} | {r.BlobPuts:N0} | {r.BlobReads + r.BlobLists:N0} | {r.BlobOther:N0} | {r.Requests:N0} | {c.RequestsPerThousandUnits:F2} | {r.EntitiesRead:N0} | {c.PresenceEntitiesRead:N0} | {c.FactEntitiesRead:N0} | {(double)r.EntitiesRead / c.Units:F3} |");
        }

        Text(string.Empty);
        Text("Growth with the units, per unit (the closing process's processor time apart from the emulator's; wall time for");
        Text("reference only, since the emulator shares this two-core machine with the closing process):");
        Text(string.Empty);
        Text("| template | units | processor µs per unit, closing process | requests per 1k units | entities read per unit | allocated KB per unit | peak resident (MB) | close wall (s) | Azurite processor (s) | load of the size (s) |");
        Text("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var c in Ordered(close))
        {
            Line($"| `{c.Template}` | {c.Units:N0} | {c.CpuMicrosecondsPerUnit:F1} | {c.RequestsPerThousandUnits:F2} | {(double)c.Requests.EntitiesRead / c.Units:F3} | {c.AllocatedBytes / 1024.0 / c.Units:F1} | {c.PeakWorkingSetBytes / 1048576.0:F0} | {c.Seconds:F1} | {c.AzuriteCpuSeconds:F1} | {c.LoadSeconds:F0} |");
        }

        Text(string.Empty);
        foreach (var group in close.GroupBy(c => c.Template))
        {
            var smallest = group.MinBy(c => c.Units)!;
            var largest = group.MaxBy(c => c.Units)!;
            if (smallest == largest)
            {
                continue;
            }

            var cpuGrowth = largest.CpuMicrosecondsPerUnit / smallest.CpuMicrosecondsPerUnit;
            var requestGrowth = largest.RequestsPerThousandUnits / smallest.RequestsPerThousandUnits;
            var factor = largest.Units / (double)smallest.Units;
            Line($"- `{group.Key}`: {factor:N0}× the units took {largest.CpuSeconds / smallest.CpuSeconds:F1}× the closing process's processor time (per unit ×{cpuGrowth:F2}) and {(double)largest.Requests.Requests / smallest.Requests.Requests:F1}× the requests (per unit ×{requestGrowth:F2}); Azurite's processor time grew {largest.AzuriteCpuSeconds / Math.Max(smallest.AzuriteCpuSeconds, 0.01):F1}×. Every close billed exactly its units: {(group.All(c => c.Quantity == c.Units) ? "yes" : "**no**")}.");
            targets.Add(($"Close `{group.Key}`: requests per unit do not grow from {Size(smallest.Units)} to {Size(largest.Units)} units", $"×{requestGrowth:F2} per unit", requestGrowth <= 1.0));
            targets.Add(($"Close `{group.Key}`: processor time per unit does not grow from {Size(smallest.Units)} to {Size(largest.Units)} units (10% allowed for noise)", $"×{cpuGrowth:F2} per unit", cpuGrowth <= CpuNoise));
            targets.Add(($"Close `{group.Key}`: bills exactly its units at every size", group.All(c => c.Quantity == c.Units) ? "yes" : "no", group.All(c => c.Quantity == c.Units)));
        }

        Text(string.Empty);
    }

    private static IEnumerable<CloseFigures> Ordered(IReadOnlyList<CloseFigures> close) =>
        close.OrderBy(c => CloseRun.Templates.ToList().IndexOf(c.Template)).ThenBy(c => c.Units);

    private static string Size(int units) => units switch
    {
        >= 1_000_000 when units % 1_000_000 == 0 => string.Create(CultureInfo.InvariantCulture, $"{units / 1_000_000}M"),
        >= 1_000 when units % 1_000 == 0 => string.Create(CultureInfo.InvariantCulture, $"{units / 1_000}k"),
        _ => units.ToString("N0", CultureInfo.InvariantCulture),
    };
}

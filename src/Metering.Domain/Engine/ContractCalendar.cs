using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Engine;

/// <summary>
/// The billing windows of a contract (docs/rules.md, 1). Each version governs from its effective day to the day before the
/// next version's, within the term (first and last day inclusive); its rule's scheme cuts the term into windows
/// computed from the scheme's anchor, never from the previous window, and every window is clipped to the term and
/// to the days its version governs: an amendment in the middle of a month gives two partial windows, one per
/// version. A rolling window only ends on its version's days: its look-back reaches to the term start. Window ids (<c>{first}_{last}</c>) are unique within a contract.
/// </summary>
public static class ContractCalendar
{
    /// <summary>Every window of the contract, ordered by first day, then last day.</summary>
    /// <param name="contract">The contract (its versions ordered by effective day, version 1 effective at the term start).</param>
    /// <param name="zone">The billing zone shared by the contract's tenants.</param>
    /// <exception cref="ArgumentException">The versions leave days of the term ungoverned or share an effective day, or a rule is invalid.</exception>
    public static IReadOnlyList<ScheduledWindow> WindowsOf(Contract contract, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(zone);
        var scheduled = new List<ScheduledWindow>();
        foreach (var (version, governed) in GovernedDays(contract))
        {
            var rule = TemplateCatalog.RuleOf(version);
            var template = TemplateCatalog.Of(version);
            var windows = template is null
                ? WindowCuts.SchemeWindows(rule, contract.Term, governed, zone)
                : template.WindowsOf(rule, contract.Term, governed, zone);
            foreach (var window in windows)
            {
                scheduled.Add(new ScheduledWindow(window, version, NeedsOf(rule, template, window, contract.Term)));
            }
        }

        scheduled.Sort((a, b) =>
        {
            var c = a.Window.Days.Start.CompareTo(b.Window.Days.Start);
            return c != 0 ? c : a.Window.Days.End.CompareTo(b.Window.Days.End);
        });
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var window in scheduled)
        {
            if (!ids.Add(window.Window.Id))
            {
                throw new InvalidOperationException($"Contract {contract.Id} would have two windows {window.Window.Id}.");
            }
        }

        return scheduled;
    }

    /// <summary>The days each version governs inside the term, in effective order; a version entirely replaced before it starts governs none.</summary>
    internal static IEnumerable<(ContractVersion Version, DateInterval Days)> GovernedDays(Contract contract)
    {
        var term = contract.Term;
        var versions = contract.Versions.OrderBy(v => v.Effective).ToList();
        if (versions.Count == 0)
        {
            throw new ArgumentException($"Contract {contract.Id} has no version.", nameof(contract));
        }

        if (versions[0].Effective > term.Start)
        {
            throw new ArgumentException($"Contract {contract.Id}: the first version takes effect on {IsoText.Of(versions[0].Effective)}, after the term starts on {IsoText.Of(term.Start)}.", nameof(contract));
        }

        for (var i = 1; i < versions.Count; i++)
        {
            if (versions[i].Effective == versions[i - 1].Effective || versions[i].Number <= versions[i - 1].Number)
            {
                throw new ArgumentException($"Contract {contract.Id}: versions {versions[i - 1].Number} and {versions[i].Number} are not in effective order.", nameof(contract));
            }
        }

        var governed = new List<(ContractVersion, DateInterval)>();
        for (var i = 0; i < versions.Count; i++)
        {
            var start = versions[i].Effective > term.Start ? versions[i].Effective : term.Start;
            var end = i + 1 < versions.Count && versions[i + 1].Effective.PlusDays(-1) < term.End ? versions[i + 1].Effective.PlusDays(-1) : term.End;
            if (start <= end)
            {
                governed.Add((versions[i], new DateInterval(start, end)));
            }
        }

        return governed;
    }

    /// <summary>What the close of <paramref name="window"/> under a version with this rule and template reads.</summary>
    internal static DataNeeds NeedsOf(RuleSpec rule, RuleTemplate? template, BillingWindow window, DateInterval term)
    {
        // A template may read presence beyond the window (a true forward recomputes the AU minimum from the term start).
        var presence = rule.Meter is null
            ? []
            : DataNeeds.MonthsOf(template?.PresenceDays(term, window) ?? window.Days);
        var facts = rule.State is not null || rule.Measure.Kind == MeasureKind.ActivatedMonths || rule.Meter?.ResolveAliases == true || template?.ReadsFacts == true
            ? window.Days.End.ToYearMonth()
            : (YearMonth?)null;
        ImmutableArray<YearMonth> sessions = [];
        if (rule.Measure.Kind == MeasureKind.PeakConcurrent || rule.Measure.Inner == MeasureKind.PeakConcurrent)
        {
            // Events up to one idle timeout before the window can keep a session open into it; a day more covers
            // the longest local day.
            var idle = rule.Measure.IdleTimeout ?? Duration.FromMinutes(TemplateCatalog.DefaultIdleTimeoutMinutes);
            var spill = checked(1 + (int)Math.Ceiling(idle.TotalDays));
            sessions = DataNeeds.MonthsOf(new DateInterval(window.Days.Start.PlusDays(-spill), window.Days.End));
        }

        return new DataNeeds(presence, facts, sessions);
    }

}

namespace Metering.Domain.Rules;

/// <summary>A window scheme and its parameter.</summary>
/// <param name="Kind">The scheme.</param>
/// <param name="Months">For <see cref="WindowSchemeKind.Rolling"/>: how many months each window covers (e.g. 12); 0 otherwise.</param>
public sealed record WindowScheme(WindowSchemeKind Kind, int Months = 0)
{
    /// <summary>Calendar months.</summary>
    public static WindowScheme CalendarMonth { get; } = new(WindowSchemeKind.CalendarMonth);

    /// <summary>Contract years.</summary>
    public static WindowScheme ContractYear { get; } = new(WindowSchemeKind.ContractYear);

    /// <summary>Contract years of four 90-day periods.</summary>
    public static WindowScheme NinetyDay { get; } = new(WindowSchemeKind.NinetyDay);

    /// <summary>The whole term.</summary>
    public static WindowScheme Term { get; } = new(WindowSchemeKind.Term);

    /// <summary>The prior <paramref name="months"/> months at each month end.</summary>
    public static WindowScheme Rolling(int months) => new(WindowSchemeKind.Rolling, months);
}

namespace Metering.Cli;

/// <summary>
/// The exit codes of <c>metering</c>. Rejected events are not a failure of the command: an ingest that
/// dead-lettered events but stored everything else exits 0.
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>Something unexpected failed (a bug): the message says what.</summary>
    public const int Unexpected = 1;

    /// <summary>Invalid usage or input file (unknown option, missing file, invalid tenants file): nothing was stored.</summary>
    public const int InvalidInput = 2;

    /// <summary>Storage was unreachable or failed; what was stored before the failure is safe to store again.</summary>
    public const int StorageFailed = 3;

    /// <summary>
    /// <c>reconcile</c>: the customer's list and the invoice's billed units differ (the report names each difference
    /// with its reason). Not a failure of the command: everything was read and compared.
    /// </summary>
    public const int ListsDiffer = 4;

    /// <summary>
    /// Stored data does not match what its invoice states (an evidence file whose SHA-256 or line count differs, or
    /// that is missing): the invoice cannot be explained from it. Nothing was changed.
    /// </summary>
    public const int EvidenceMismatch = 5;
}

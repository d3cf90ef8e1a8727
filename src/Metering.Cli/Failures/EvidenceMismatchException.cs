namespace Metering.Cli.Failures;

/// <summary>Stored evidence does not match what its invoice states (exit <see cref="ExitCodes.EvidenceMismatch"/>).</summary>
public sealed class EvidenceMismatchException(string message) : Exception(message);

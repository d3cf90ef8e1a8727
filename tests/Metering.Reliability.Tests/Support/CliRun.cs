namespace Metering.Reliability.Tests.Support;

/// <summary>One run of <c>metering</c>, in this process or as a real one: its exit code and what it wrote.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nout:\n{Out}\nerr:\n{Error}";
}

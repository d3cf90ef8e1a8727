namespace Metering.Cli.Failures;

/// <summary>A problem with what the user gave the command (exit code 2); every problem is listed.</summary>
public sealed class InvalidInputException : Exception
{
    /// <summary>Creates the exception from every problem found.</summary>
    public InvalidInputException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems)) => Problems = problems;

    /// <summary>Creates the exception from one problem.</summary>
    public InvalidInputException(string problem)
        : this([problem])
    {
    }

    /// <summary>Creates the exception from one problem and its cause.</summary>
    public InvalidInputException(string problem, Exception innerException)
        : base(problem, innerException) => Problems = [problem];

    /// <summary>Creates an exception with no problem listed.</summary>
    public InvalidInputException()
        : this("Invalid input.")
    {
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Problems { get; }
}

using Azure;
using Azure.Identity;

namespace Metering.Cli.Failures;

/// <summary>
/// The one place that turns a failure into an exit code and a message. User errors and storage failures get a
/// plain message, never a stack trace; only the unexpected shows its exception.
/// </summary>
public static class CommandFailures
{
    /// <summary>Runs a command body, mapping what it throws to an exit code written to <paramref name="environment"/>.</summary>
    public static async Task<int> RunAsync(CliEnvironment environment, Func<Task<int>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body();
        }
        catch (InvalidInputException e)
        {
            foreach (var problem in e.Problems)
            {
                await environment.Error.WriteLineAsync($"error: {problem}");
            }

            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await environment.Error.WriteLineAsync("Cancelled. Ingesting the same input again completes it.");
            return ExitCodes.Unexpected;
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            await environment.Error.WriteLineAsync($"error: storage unreachable or failing: {FirstLine(e.Message)}");
            await environment.Error.WriteLineAsync("Nothing is lost: running the same command again stores what is missing.");
            return ExitCodes.StorageFailed;
        }
        catch (Exception e)
        {
            await environment.Error.WriteLineAsync($"unexpected error: {e}");
            return ExitCodes.Unexpected;
        }
    }

    /// <summary>Whether <paramref name="exception"/> is storage being unreachable or failing (exit code 3).</summary>
    public static bool IsStorageFailure(Exception exception) => exception switch
    {
        RequestFailedException or AuthenticationFailedException or HttpRequestException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsStorageFailure),
        _ => false,
    };

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}

using Azure;
using Azure.Identity;

namespace Metering.Cli.Failures;

/// <summary>
/// The one place that turns a failure into an exit code and a message. User errors and storage failures get a
/// plain message, never a stack trace; only the unexpected shows its exception.
/// </summary>
public static class CommandFailures
{
    /// <summary>
    /// Runs the body of <paramref name="verb"/> (<c>close</c>, <c>contracts apply</c>...), mapping what it throws to an
    /// exit code written to <paramref name="environment"/>.
    /// </summary>
    public static async Task<int> RunAsync(CliEnvironment environment, string verb, Func<Task<int>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(verb);
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
        catch (EvidenceMismatchException e)
        {
            await environment.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.EvidenceMismatch;
        }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await environment.Error.WriteLineAsync(Interrupted(verb));
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

    /// <summary>
    /// What a command interrupted by Ctrl+C or SIGTERM tells its user: how that same command completes what it left,
    /// which holds because each verb is idempotent (events, batches, closes and documents already stored are not
    /// stored twice).
    /// </summary>
    public static string Interrupted(string verb) => verb switch
    {
        "ingest" => "Cancelled. Ingesting the same input again completes it: events already recorded are not recorded twice.",
        "replay" => "Cancelled. Replaying the same --from and --to again completes it: a batch still recorded writes nothing.",
        "close" => "Cancelled. Running close again completes it: a window already closed is not closed twice.",
        "contracts apply" => "Cancelled. Applying the same contract files again completes it: a contract already stored is left unchanged.",
        "tenants apply" => "Cancelled. Applying the same tenants file again completes it.",
        "invoices list" or "invoices show" or "invoices evidence" or "deadletters list" or "deadletters show" => $"Cancelled. Nothing was changed; running {verb} again shows it.",
        "demo" => "Cancelled. Running demo again completes it.",
        _ => $"Cancelled. Running {verb} again completes it.",
    };

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

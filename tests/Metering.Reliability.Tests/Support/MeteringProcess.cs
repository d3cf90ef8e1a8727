using System.Diagnostics;

namespace Metering.Reliability.Tests.Support;

/// <summary>
/// <c>metering</c> as a real process (<c>dotnet metering.dll</c>), as an operator or a scheduler runs it, so that it
/// can be killed for real at any point (<see cref="Process.Kill(bool)"/>: no finally block, no flush, no goodbye).
/// </summary>
internal sealed class MeteringProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    private MeteringProcess(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    public static MeteringProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "metering.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new MeteringProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    /// <summary>Runs to the end (at most <paramref name="timeout"/>).</summary>
    public static async Task<CliRun> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var process = Start(args);
        return await process.WaitAsync(timeout);
    }

    /// <summary>
    /// Kills the process after <paramref name="delay"/> unless it ended before; returns true when it was killed, or
    /// the run when it completed first.
    /// </summary>
    public async Task<(bool Killed, CliRun? Completed)> KillAfterAsync(TimeSpan delay)
    {
        var exited = _process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(delay)) == exited)
        {
            return (false, await WaitAsync(TimeSpan.FromSeconds(10)));
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended between the delay and the kill.
        }

        await _process.WaitForExitAsync();
        return WasKilled() ? (true, null) : (false, await WaitAsync(TimeSpan.FromSeconds(10)));
    }

    public async Task<CliRun> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return new CliRun(_process.ExitCode, await _output, await _error);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    // A killed process ends by SIGKILL, which the runtime reports as exit code 137 on Linux (-1 on Windows).
    private bool WasKilled() => _process.ExitCode is 137 or -1;
}

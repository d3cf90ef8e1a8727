using Spectre.Console;

namespace Metering.Cli.Output;

/// <summary>Spectre consoles over the CLI's output writer: colours and live progress only on a terminal.</summary>
public static class Consoles
{
    /// <summary>A console writing to <paramref name="environment"/>'s output.</summary>
    public static IAnsiConsole For(CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = environment.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = environment.IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = environment.IsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(environment.Out),
        });
        if (!environment.IsTerminal)
        {
            // Redirected output is read by programs and tests: no wrapping at an imagined terminal width.
            console.Profile.Width = 200;
        }

        return console;
    }
}

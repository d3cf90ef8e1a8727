using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

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
            // Redirected output is read by programs and tests: no wrapping at an imagined terminal width, unless COLUMNS
            // says how wide the reader is (a pager, or a test of what an 80-column terminal shows).
            console.Profile.Width = int.TryParse(environment.Variable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns is >= 20 and <= 1000
                ? columns
                : 200;
        }

        return console;
    }

    /// <summary>
    /// Writes <paramref name="table"/> as a table when it fits the console's width, else as one block per row of
    /// "column  value" lines: a table squeezed narrower than its content wraps ids mid-word (<c>acme-openlms-lo</c> over
    /// <c>gins</c>), and an id that cannot be copied whole into the next command is no use.
    /// </summary>
    public static void Write(IAnsiConsole console, Table table)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(table);
        var options = RenderOptions.Create(console, console.Profile.Capabilities);
        if (((IRenderable)table).Measure(options, int.MaxValue).Max <= console.Profile.Width)
        {
            console.Write(table);
            return;
        }

        var headers = table.Columns.Select(c => Plain(c.Header)).ToArray();
        foreach (var row in table.Rows)
        {
            var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn(new GridColumn());
            var column = 0;
            foreach (var cell in row)
            {
                grid.AddRow(new Text(headers[column++]), cell);
            }

            console.Write(grid);
            console.WriteLine();
        }
    }

    private static string Plain(IRenderable renderable)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var plain = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(text) });
        plain.Profile.Width = 1000;
        plain.Write(renderable);
        return text.ToString().TrimEnd();
    }
}

using System.Globalization;

namespace Metering.Benchmarks;

/// <summary>The command line of the benchmark program: a verb, then <c>--name value</c> pairs.</summary>
public sealed class Arguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    private Arguments(string verb) => Verb = verb;

    /// <summary>The verb (<c>cpu</c>, <c>e2e</c>, <c>close</c>, ...).</summary>
    public string Verb { get; }

    /// <summary>Parses <c>verb --name value ...</c>.</summary>
    public static Arguments Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            throw new ArgumentException("A verb is required.");
        }

        var parsed = new Arguments(args[0]);
        for (var i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value' at '{args[i]}'.");
            }

            parsed._options[args[i][2..]] = args[i + 1];
        }

        return parsed;
    }

    /// <summary>A text option, or <paramref name="fallback"/>.</summary>
    public string Text(string name, string fallback) => _options.GetValueOrDefault(name, fallback);

    /// <summary>A required text option.</summary>
    public string Required(string name) =>
        _options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    /// <summary>An integer option (digits, underscores allowed), or <paramref name="fallback"/>.</summary>
    public long Number(string name, long fallback) =>
        _options.TryGetValue(name, out var value) ? long.Parse(value.Replace("_", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;
}

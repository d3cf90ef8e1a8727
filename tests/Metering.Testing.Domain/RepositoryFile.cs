namespace Metering.Testing;

/// <summary>Files of the working tree (schemas, docs), found by walking up from the test binaries, so tests check what ships.</summary>
public static class RepositoryFile
{
    /// <summary>The full path of <paramref name="relativePath"/> (<c>schemas/invoice.schema.json</c>) in the repository.</summary>
    public static string PathOf(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relativePath} was not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>The text of every <c>```json</c> block of a Markdown file, in order.</summary>
    public static IReadOnlyList<string> JsonBlocks(string relativePath)
    {
        var blocks = new List<string>();
        var lines = File.ReadAllLines(PathOf(relativePath));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```json")
            {
                continue;
            }

            var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            blocks.Add(string.Join('\n', lines[(i + 1)..end]) + "\n");
            i = end;
        }

        return blocks;
    }
}

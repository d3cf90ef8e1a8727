using System.Text.RegularExpressions;
using Metering.Domain.Templates;
using Metering.Testing;

namespace Metering.Domain.Tests.Architecture;

/// <summary>
/// Templates are types (docs/architecture.md, "The rooms of the domain"): each in a folder of its own under
/// <c>src/Metering.Domain/Templates</c>, known by name only to the catalogue, so adding one touches its folder, the
/// catalogue and the docs.
/// </summary>
public sealed partial class TemplateRoomsTests
{
    private static string SourceRoot => Path.GetDirectoryName(RepositoryFile.PathOf("src/Metering.Domain/Metering.Domain.csproj"))!;

    // Words spelled like a template that name something else: the figure an activated-months measure reports.
    private static readonly HashSet<(string Name, string File)> Homonyms = [("activated-users", Path.Combine("Measures", "RuleEvaluation.cs"))];

    public static TheoryData<string> Names => [.. TemplateNames.All];

    [Fact]
    public void Every_Template_Is_A_Type_Of_Its_Own_Listed_Once_In_The_Catalogue()
    {
        var types = TemplateCatalog.All.Select(t => t.GetType()).ToList();

        Assert.Equal(19, types.Distinct().Count());
        Assert.Equal(TemplateCatalog.All.Select(t => t.Name), TemplateNames.All);
        Assert.All(types, t => Assert.EndsWith("Template", t.Name, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_Template_Lives_In_Its_Own_Folder(string name)
    {
        Assert.True(TemplateCatalog.TryFind(name, out var template));
        var type = template.GetType().Name;
        var folder = type[..^"Template".Length];

        Assert.True(File.Exists(Path.Combine(SourceRoot, "Templates", folder, type + ".cs")), $"{name}: Templates/{folder}/{type}.cs");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void No_Source_File_Outside_The_Templates_Room_Spells_A_Template_Name(string name)
    {
        var templates = Path.Combine(SourceRoot, "Templates") + Path.DirectorySeparatorChar;
        var quoted = "\"" + name + "\"";
        var spelled = Directory.EnumerateFiles(Path.GetDirectoryName(SourceRoot)!, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(templates, StringComparison.Ordinal) && !IsBuildOutput(f))
            .Where(f => File.ReadAllText(f).Contains(quoted, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(SourceRoot, f))
            .Where(f => !Homonyms.Contains((name, f)))
            .ToList();

        Assert.Empty(spelled);
    }

    [Fact]
    public void Only_The_Templates_Room_Compares_A_Template_Name()
    {
        // The special cases the engine once made by name (version.Template == TemplateNames.FlexTrueForward) are hooks now.
        var templates = Path.Combine(SourceRoot, "Templates") + Path.DirectorySeparatorChar;
        var comparing = Directory.EnumerateFiles(SourceRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(templates, StringComparison.Ordinal) && !IsBuildOutput(f))
            .Where(f => NameComparison().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(SourceRoot, f))
            .ToList();

        Assert.Empty(comparing);
    }

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    [GeneratedRegex(@"[!=]=\s*TemplateNames\.\w+|TemplateNames\.\w+\s*[!=]=|case\s+TemplateNames\.|TemplateNames\.\w+\s*=>")]
    private static partial Regex NameComparison();
}

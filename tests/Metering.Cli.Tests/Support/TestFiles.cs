namespace Metering.Cli.Tests.Support;

/// <summary>Input files of one test, in a folder of their own that goes away with it.</summary>
internal sealed class TestFiles : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "metering-cli-" + Guid.NewGuid().ToString("N"));

    public TestFiles() => Directory.CreateDirectory(_folder);

    public string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}

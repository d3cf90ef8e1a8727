using System.Text;
using Xunit;

namespace Metering.Testing;

/// <summary><c>schemas/statement.schema.json</c>, which ships with the project. Every test that produces a statement validates it here.</summary>
public static class StatementSchema
{
    private static readonly SchemaFile File = new("statement.schema.json");

    /// <summary>Fails the test, listing every schema error, unless the bytes are a valid statement (UTF-8, no byte-order mark).</summary>
    public static Task AssertValidAsync(byte[] json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Assert.False(json.Length >= 3 && json[0] == 0xEF && json[1] == 0xBB && json[2] == 0xBF, "A statement is UTF-8 without a byte-order mark.");
        return File.AssertValidAsync(new UTF8Encoding(false, true).GetString(json));
    }

    /// <summary>Every schema error of a document (empty when valid).</summary>
    public static Task<IReadOnlyList<string>> ValidateAsync(string json) => File.ValidateAsync(json);
}

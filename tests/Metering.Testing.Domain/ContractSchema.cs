using Metering.Domain.Formats;

namespace Metering.Testing;

/// <summary>The contract schema the product writes (<see cref="ContractJsonSchema"/>), for tests that write contracts.</summary>
public static class ContractSchema
{
    private static readonly SchemaFile File = SchemaFile.FromText("the contract schema", ContractJsonSchema.Text);

    /// <summary>Fails the test, listing every schema error, unless the document is a valid contract.</summary>
    public static Task AssertValidAsync(string json) => File.AssertValidAsync(json);

    /// <summary>Fails the test unless the schema rejects the document.</summary>
    public static Task AssertInvalidAsync(string json) => File.AssertInvalidAsync(json);

    /// <summary>Every schema error of a document (empty when valid).</summary>
    public static Task<IReadOnlyList<string>> ValidateAsync(string json) => File.ValidateAsync(json);
}

namespace Metering.Testing;

/// <summary><c>schemas/contract.schema.json</c>: the contract document format, for tests that write contracts.</summary>
public static class ContractSchema
{
    private static readonly SchemaFile File = new("contract.schema.json");

    /// <summary>Fails the test, listing every schema error, unless the document is a valid contract.</summary>
    public static Task AssertValidAsync(string json) => File.AssertValidAsync(json);

    /// <summary>Fails the test unless the schema rejects the document.</summary>
    public static Task AssertInvalidAsync(string json) => File.AssertInvalidAsync(json);

    /// <summary>Every schema error of a document (empty when valid).</summary>
    public static Task<IReadOnlyList<string>> ValidateAsync(string json) => File.ValidateAsync(json);
}

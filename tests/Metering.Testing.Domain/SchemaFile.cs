using NJsonSchema;
using NJsonSchema.Validation;
using Xunit;

namespace Metering.Testing;

/// <summary>
/// A JSON Schema the product ships: a file of the repository's <c>schemas/</c> folder, loaded once from the working
/// tree (found by walking up from the test binaries), or a schema the product writes (<see cref="FromText"/>), so
/// that tests always check the schema that ships, not a copy.
/// </summary>
public sealed class SchemaFile
{
    private readonly Lazy<Task<JsonSchema>> _schema;

    public SchemaFile(string fileName)
        : this(fileName, () => JsonSchema.FromFileAsync(RepositoryFile.PathOf(Path.Combine("schemas", fileName))))
    {
    }

    private SchemaFile(string fileName, Func<Task<JsonSchema>> load)
    {
        FileName = fileName;
        _schema = new Lazy<Task<JsonSchema>>(load);
    }

    /// <summary>A schema the product writes, named <paramref name="name"/> in failure messages.</summary>
    public static SchemaFile FromText(string name, string text) => new(name, () => JsonSchema.FromJsonAsync(text));

    public string FileName { get; }

    /// <summary>Every validation error of a document, flattened (the errors inside oneOf/anyOf branches included), as "path: kind" lines.</summary>
    public async Task<IReadOnlyList<string>> ValidateAsync(string json)
    {
        var schema = await _schema.Value.ConfigureAwait(false);
        var errors = schema.Validate(json);
        return [.. Flatten(errors)];
    }

    /// <summary>Fails the test, listing every error, unless the document is valid.</summary>
    public async Task AssertValidAsync(string json)
    {
        var errors = await ValidateAsync(json).ConfigureAwait(false);
        Assert.True(errors.Count == 0, $"{FileName} rejects the document:\n{string.Join("\n", errors)}\n{json}");
    }

    /// <summary>Fails the test unless the schema rejects the document.</summary>
    public async Task AssertInvalidAsync(string json)
    {
        var errors = await ValidateAsync(json).ConfigureAwait(false);
        Assert.True(errors.Count > 0, $"{FileName} accepts a document it should reject:\n{json}");
    }

    private static IEnumerable<string> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            yield return $"{error.Path}: {error.Kind}";
            if (error is ChildSchemaValidationError child)
            {
                foreach (var nested in child.Errors.SelectMany(e => Flatten(e.Value)))
                {
                    yield return "  " + nested;
                }
            }
        }
    }
}

namespace Metering.Domain.Templates;

/// <summary>The JSON type of a template parameter.</summary>
public enum TemplateParameterType
{
    /// <summary>A whole JSON number.</summary>
    Integer,

    /// <summary>A decimal, as a JSON number or a string (read exactly, never through binary floating point).</summary>
    Decimal,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A non-empty string of at most 64 characters.</summary>
    Text,

    /// <summary>A non-empty array of distinct non-empty strings of at most 64 characters.</summary>
    TextList,
}

using System.Globalization;
using System.Text.Json;
using Metering.Domain.Contracts;
using NodaTime;
using NodaTime.Text;

namespace Metering.Domain.Formats;

/// <summary>
/// Reads typed values out of a parsed JSON document and collects a problem for every field that is wrong, with
/// its JSON path, so that a reader reports every problem of a document instead of the first.
/// </summary>
internal sealed class JsonInput
{
    private readonly List<ContractProblem> _problems = [];

    public IReadOnlyList<ContractProblem> Problems => _problems;

    public int Count => _problems.Count;

    public void Add(string path, string code, string message) =>
        _problems.Add(new ContractProblem(path.Length == 0 ? "$" : path, code, message));

    /// <summary>Whether the element is an object; reports every property outside <paramref name="known"/>.</summary>
    public bool Object(JsonElement element, string path, params ReadOnlySpan<string> known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add(path, ContractProblemCode.WrongType, "must be a JSON object");
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                Add(ContractPath.Field(path, property.Name), ContractProblemCode.UnknownProperty, $"'{property.Name}' is not a field here; expected one of {string.Join(", ", known.ToArray())}");
            }
        }

        return true;
    }

    /// <summary>The property's value, or null when it is absent or JSON null (both mean "not given").</summary>
    public static JsonElement? Optional(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public JsonElement? Required(JsonElement obj, string path, string name)
    {
        var value = Optional(obj, name);
        if (value is null)
        {
            Add(ContractPath.Field(path, name), ContractProblemCode.Required, $"'{name}' is required");
        }

        return value;
    }

    public string? String(JsonElement? element, string path, int maxLength = 256)
    {
        if (element is not { } e)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.String)
        {
            Add(path, ContractProblemCode.WrongType, "must be a string");
            return null;
        }

        var text = e.GetString()!;
        if (text.Length == 0 || text.Length > maxLength)
        {
            Add(path, ContractProblemCode.InvalidValue, string.Create(CultureInfo.InvariantCulture, $"must be 1 to {maxLength} characters long"));
            return null;
        }

        return text;
    }

    public bool? Boolean(JsonElement? element, string path)
    {
        if (element is not { } e)
        {
            return null;
        }

        if (e.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return e.GetBoolean();
        }

        Add(path, ContractProblemCode.WrongType, "must be true or false");
        return null;
    }

    public long? Integer(JsonElement? element, string path, long minimum, long maximum)
    {
        if (element is not { } e)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var value))
        {
            // A whole number too large for 64 bits is out of range, not of the wrong type: say what the range is.
            if (e.ValueKind == JsonValueKind.Number && IsWholeNumberText(e.GetRawText()))
            {
                Add(path, ContractProblemCode.OutOfRange, RangeMessage(minimum, maximum, e.GetRawText()));
                return null;
            }

            Add(path, ContractProblemCode.WrongType, "must be a whole number");
            return null;
        }

        if (value < minimum || value > maximum)
        {
            Add(path, ContractProblemCode.OutOfRange, RangeMessage(minimum, maximum, value));
            return null;
        }

        return value;
    }

    /// <summary>
    /// A decimal given as a JSON number or as a string of digits with an optional sign and decimal point, read
    /// exactly (never through binary floating point).
    /// </summary>
    public decimal? Decimal(JsonElement? element, string path)
    {
        if (element is not { } e)
        {
            return null;
        }

        switch (e.ValueKind)
        {
            case JsonValueKind.Number when e.TryGetDecimal(out var number):
                return number;
            case JsonValueKind.String when TryParseDecimalText(e.GetString()!, out var text):
                return text;
            case JsonValueKind.Number or JsonValueKind.String:
                Add(path, ContractProblemCode.InvalidValue, "must be a decimal such as \"4.50\" (digits, an optional sign and decimal point, at most 28 significant digits)");
                return null;
            default:
                Add(path, ContractProblemCode.WrongType, "must be a decimal, as a string (\"4.50\") or a number");
                return null;
        }
    }

    public LocalDate? Date(JsonElement? element, string path)
    {
        var text = String(element, path, 32);
        if (text is null)
        {
            return null;
        }

        var parsed = LocalDatePattern.Iso.Parse(text);
        if (!parsed.Success)
        {
            Add(path, ContractProblemCode.InvalidValue, $"'{text}' is not an ISO date (yyyy-MM-dd)");
            return null;
        }

        return parsed.Value;
    }

    /// <summary>
    /// The items of an array with their paths, or null (and a problem) when the value is not an array of at least
    /// <paramref name="minItems"/> and at most <paramref name="maxItems"/> items; the items of an array over its limit
    /// are not read, so that a huge list costs one problem, not one per item.
    /// </summary>
    public List<(JsonElement Item, string Path)>? Array(JsonElement? element, string path, int minItems, int maxItems = int.MaxValue)
    {
        if (element is not { } e)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Array)
        {
            Add(path, ContractProblemCode.WrongType, "must be a JSON array");
            return null;
        }

        var length = e.GetArrayLength();
        if (length > maxItems)
        {
            Add(path, ContractProblemCode.TooLarge, TooManyMessage(maxItems, length));
            return null;
        }

        var items = e.EnumerateArray().Select((item, i) => (item, ContractPath.Item(path, i))).ToList();
        if (items.Count < minItems)
        {
            Add(path, ContractProblemCode.Required, string.Create(CultureInfo.InvariantCulture, $"must list at least {minItems} item(s)"));
            return null;
        }

        return items;
    }

    public static string RangeMessage(decimal? minimum, decimal? maximum, decimal value) =>
        RangeMessage(minimum, maximum, value.ToString(CultureInfo.InvariantCulture));

    public static string RangeMessage(decimal? minimum, decimal? maximum, string value) =>
        (minimum, maximum) switch
        {
            ({ } min, { } max) when max == long.MaxValue => FormattableString.Invariant($"must be at least {min}; got {value}"),
            ({ } min, { } max) => FormattableString.Invariant($"must be between {min} and {max}; got {value}"),
            ({ } min, null) => FormattableString.Invariant($"must be at least {min}; got {value}"),
            (null, { } max) => FormattableString.Invariant($"must be at most {max}; got {value}"),
            _ => FormattableString.Invariant($"is out of range; got {value}"),
        };

    /// <summary>The problem of a list longer than its limit (docs/contracts.md, "Limits").</summary>
    public static string TooManyMessage(int maximum, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"must list at most {maximum} item(s); got {count}");

    /// <summary>Whether a JSON number's text is an integer (digits with an optional minus sign), whatever its size.</summary>
    private static bool IsWholeNumberText(string text) =>
        text.Length > 0 && text.AsSpan(text[0] == '-' ? 1 : 0).IndexOfAnyExceptInRange('0', '9') < 0;

    internal static bool TryParseDecimalText(string text, out decimal value)
    {
        value = 0;
        var digits = 0;
        var point = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '0' and <= '9')
            {
                digits++;
            }
            else if (c == '.' && !point && digits > 0 && i < text.Length - 1)
            {
                point = true;
            }
            else if (c == '-' && i == 0 && text.Length > 1)
            {
                continue;
            }
            else
            {
                return false;
            }
        }

        return digits is > 0 and <= 28
            && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }
}

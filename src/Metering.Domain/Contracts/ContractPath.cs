using System.Globalization;

namespace Metering.Domain.Contracts;

/// <summary>
/// The paths a <see cref="ContractProblem"/> names, as in the contract document: <c>versions[1].parameters.months</c>;
/// the empty path is the document itself.
/// </summary>
public static class ContractPath
{
    /// <summary>The member <paramref name="name"/> of the object at <paramref name="path"/>.</summary>
    public static string Field(string path, string name) => path.Length == 0 ? name : path + "." + name;

    /// <summary>The item <paramref name="index"/> (from 0) of the array at <paramref name="path"/>.</summary>
    public static string Item(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");
}

using System.Security.Cryptography;
using System.Text;

namespace Metering.Infra.Tests;

/// <summary>
/// The template function <c>guid(...)</c> as Azure Resource Manager evaluates it: a name-based UUID (version 5, SHA-1)
/// of the arguments joined with '-', in ARM's own namespace. The same arguments always give the same name, which is what
/// makes a role assignment's name deterministic.
/// </summary>
internal static class ArmGuid
{
    private static readonly Guid Namespace = new("11fb06fb-712d-4ddd-98c7-e71bbd588830");

    public static Guid Of(params string[] values)
    {
        var name = Encoding.UTF8.GetBytes(string.Join('-', values));
        var input = new byte[16 + name.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);
        // SHA-1 because RFC 4122 prescribes it for version-5 UUIDs; nothing here relies on it as a security hash.
        var hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

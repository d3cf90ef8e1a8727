using System.Security.Cryptography;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;

namespace Metering.Domain.Closing;

/// <summary>A contract's digest: SHA-256 of its canonical JSON (lowercase hex). Any amendment changes it.</summary>
public static class ContractDigest
{
    /// <summary>The digest of <paramref name="contract"/>.</summary>
    public static string Of(Contract contract) => Convert.ToHexStringLower(SHA256.HashData(ContractWriter.Write(contract)));
}

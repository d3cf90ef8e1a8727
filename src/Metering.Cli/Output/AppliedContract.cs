using Metering.Domain.Contracts;

namespace Metering.Cli.Output;

/// <summary>What <c>metering contracts apply</c> did with one contract.</summary>
/// <param name="Contract">The contract.</param>
/// <param name="Zone">Its billing zone (the zone of its tenants).</param>
/// <param name="Status"><see cref="Created"/>, <see cref="Amended"/> or <see cref="Unchanged"/>.</param>
public sealed record AppliedContract(Contract Contract, string Zone, string Status)
{
    /// <summary>No contract had this id before.</summary>
    public const string Created = "created";

    /// <summary>The stored document was replaced by a different one.</summary>
    public const string Amended = "amended";

    /// <summary>The stored document was already this one: nothing written.</summary>
    public const string Unchanged = "unchanged";
}

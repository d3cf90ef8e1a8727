namespace Metering.Domain.Events;

/// <summary>
/// The values of <c>data.deployment</c> on activity and meeting events (docs/events.md). An event without one
/// is a <see cref="Cloud"/> event; Spark Flex counts a user hosting in both deployments twice.
/// </summary>
public static class Deployments
{
    /// <summary>The vendor's cloud service; also what an absent <c>deployment</c> means.</summary>
    public const string Cloud = "cloud";

    /// <summary>A deployment on the customer's premises.</summary>
    public const string OnPremises = "on-premises";

    internal static readonly string[] Values = [Cloud, OnPremises];
}

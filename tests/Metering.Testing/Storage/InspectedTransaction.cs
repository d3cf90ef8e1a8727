namespace Metering.Testing.Storage;

/// <summary>One entity group transaction as sent.</summary>
/// <param name="Operations">How many operations it held.</param>
/// <param name="Partitions">The distinct partition keys they named.</param>
/// <param name="BodyBytes">The size of the request body.</param>
public sealed record InspectedTransaction(int Operations, IReadOnlyList<string> Partitions, long BodyBytes);

using Metering.Testing.Azurite;

namespace Metering.Functions.Tests.Support;

/// <summary>The tests that share this assembly's one Azurite.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

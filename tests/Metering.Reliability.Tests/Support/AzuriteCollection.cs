using Metering.Testing.Azurite;

namespace Metering.Reliability.Tests.Support;

/// <summary>The tests that share this assembly's one Azurite; each works under a prefix of its own.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

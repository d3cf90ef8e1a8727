using Azure.Core;
using Azure.Core.Pipeline;
using Metering.Storage.Accounts;
using Metering.Testing.Azurite;

namespace Metering.Storage.Tests.Support;

/// <summary>Accounts on the shared Azurite, each under a prefix no other test uses.</summary>
internal static class TestAccounts
{
    public static StorageAccount Create(AzuriteFixture azurite, string? prefix = null, params HttpPipelinePolicy[] policies) =>
        StorageAccount.FromConnectionString(
            azurite.ConnectionString,
            new StorageNames(prefix ?? AzuriteFixture.NewPrefix()),
            options =>
            {
                foreach (var policy in policies)
                {
                    options.AddPolicy(policy, HttpPipelinePosition.PerCall);
                }
            });
}

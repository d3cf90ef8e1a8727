using Azure.Core;

namespace Metering.Testing.Pipelines;

/// <summary>Where a test pipeline keeps its data: the test's Azurite, a prefix no other test uses, and the client options its requests pass through.</summary>
/// <param name="ConnectionString">The Azurite connection string.</param>
/// <param name="Prefix">The prefix of every table, container and queue name.</param>
/// <param name="ConfigureClients">Adds the test's pipeline policies (fault injection, request counting) to every storage client.</param>
public sealed record PipelineStorage(string ConnectionString, string Prefix, Action<ClientOptions> ConfigureClients);

using Azure;
using Azure.Storage.Blobs.Models;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Ports;
using Metering.Storage.Accounts;

namespace Metering.Storage.Closing;

/// <summary>
/// Contracts as canonical JSON blobs (<see cref="ContractWriter"/>) in the <c>contracts</c> container, one blob
/// <c>{contract id}.json</c> per contract holding every version. A stored contract is read with the same
/// <see cref="ContractReader"/> that validated it.
/// </summary>
public sealed class BlobContractStore(StorageAccount account) : IContractStore
{
    /// <inheritdoc />
    public async Task ApplyAsync(Contract contract, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var container = await account.ContainerAsync(account.Names.Contracts, cancellationToken).ConfigureAwait(false);
        await container.GetBlobClient(NameOf(contract.Id)).UploadAsync(
            BinaryData.FromBytes(ContractWriter.Write(contract)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ContractListing> ListAsync(CancellationToken cancellationToken)
    {
        var container = await account.ContainerAsync(account.Names.Contracts, cancellationToken).ConfigureAwait(false);
        var contracts = new List<Contract>();
        var unreadable = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions(), cancellationToken).ConfigureAwait(false))
        {
            if (!item.Name.EndsWith(".json", StringComparison.Ordinal) || !ContractId.TryParse(item.Name[..^5], out var id))
            {
                continue;
            }

            try
            {
                if (await GetAsync(id.Value, cancellationToken).ConfigureAwait(false) is { } contract)
                {
                    contracts.Add(contract);
                }
            }
            catch (InvalidDataException ex)
            {
                unreadable.Add(ex.Message);
            }
        }

        return new ContractListing([.. contracts.OrderBy(c => c.Id)], unreadable);
    }

    /// <inheritdoc />
    public async Task<Contract?> GetAsync(ContractId id, CancellationToken cancellationToken)
    {
        var container = await account.ContainerAsync(account.Names.Contracts, cancellationToken).ConfigureAwait(false);
        try
        {
            var content = await container.GetBlobClient(NameOf(id)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var read = ContractReader.Read(content.Value.Content.ToMemory());
            return read.IsValid
                ? read.Contract
                : throw new InvalidDataException($"Stored contract {id} no longer reads: {string.Join("; ", read.Problems)}");
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static string NameOf(ContractId id) => id.Value + ".json";
}

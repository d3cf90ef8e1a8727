// The metering pipeline's Azure deployment: Event Hubs in, one storage account for state, invoices and the
// close queue, a Function App on the Flex Consumption plan, Application Insights. Every connection is
// identity-based: no key or connection string is stored in settings, and shared-key access, local authentication and
// basic-auth publishing are disabled. Each identity's roles are granted on the hub, tables, containers and queues it
// uses; invoices and the raw archive are immutable; privateNetworking puts storage and Event Hubs behind private
// endpoints.
targetScope = 'resourceGroup'

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Short lowercase name that every resource name starts with (3-11 letters or digits).')
@minLength(3)
@maxLength(11)
param baseName string

@description('Event Hubs partitions: the upper bound of parallel ingest instances.')
@minValue(1)
@maxValue(32)
param eventHubPartitions int = 8

@description('Days Event Hubs keeps events (the window in which a stopped pipeline can catch up).')
@minValue(1)
@maxValue(7)
param eventHubRetentionDays int = 7

@description('Storage redundancy.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_ZRS'

@description('Days deleted or overwritten blobs (invoices, archive, dead letters) stay recoverable.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int = 30

@description('Make the invoices container immutable (version-level WORM): no invoice revision or evidence blob can be changed or deleted for invoiceRetentionDays after it is written. Turn off only for throwaway deployments: an immutable container cannot be deleted while it holds a blob, nor its account while the container exists, and it cannot be made mutable again.')
param immutableInvoices bool = true

@description('Days each invoice revision and evidence blob stays immutable when immutableInvoices is true.')
@minValue(1)
@maxValue(3650)
param invoiceRetentionDays int = 2555

@description('Make the raw archive container immutable (version-level WORM) for archiveRetentionDays, the whole life the lifecycle rule gives each batch. Same caveats as immutableInvoices.')
param immutableArchive bool = true

@description('Set to true once the default retention policies of the immutable containers have been locked (docs/operations.md): Resource Manager only creates or updates unlocked policies, so the deployment then leaves them as they are.')
param immutabilityPoliciesLocked bool = false

@description('Days the raw archive (every received batch, for replays) is kept; it moves to the cool tier after 30 days. As long as the invoices by default: after a loss of the tables, a replay rebuilds only what the archive still holds, and a state rule (registered users, seats) reads facts from the start of a tenant\'s history.')
@minValue(60)
@maxValue(3650)
param archiveRetentionDays int = 2555

@description('Days dead-lettered events are kept.')
@minValue(30)
@maxValue(3650)
param deadLetterRetentionDays int = 400

@description('Reach storage and Event Hubs only through private endpoints in a virtual network that this template creates and integrates the Function App into, with public network access to both disabled. Off (the default, for a first deployment): public endpoints, still keyless and identity-only. On: vendor apps must send from a network connected to that virtual network, and the metering CLI must run from one.')
param privateNetworking bool = false

@description('Address space of that virtual network when privateNetworking is true, a /23 or larger: its first /24 is the Function App integration subnet, its second holds the private endpoints.')
param virtualNetworkAddressPrefix string = '10.60.0.0/23'

@description('NCRONTAB schedule (six fields, UTC) of the close scheduler.')
param closeSchedule string = '0 */15 * * * *'

@description('Most instances the Function App scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of one Function App instance, in MB.')
@allowed([
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Object ids of principals (billing systems) that may read invoices: Storage Blob Data Reader on the invoices and latest containers only.')
param invoiceReaderPrincipalIds array = []

@description('A producing app. Its event hub is telemetry-{name}; only its principals may send to it.')
@sealed()
type sender = {
  @description('The sender id: 1 to 63 lowercase letters, digits and hyphens, starting with a letter or digit ([a-z0-9][a-z0-9-]{0,62}). The Function App refuses to start on any other (SenderIds).')
  @minLength(1)
  @maxLength(63)
  name: string

  @description('Object ids of the app identities that send as this sender (Azure Event Hubs Data Sender on its hub alone).')
  principalIds: string[]
}

@description('The senders: producing apps, each with an event hub of its own, telemetry-{name}, that only its principals may send to and that the Function App reads with one ingest function. A tenant lists the senders that may write for it (metering tenants apply); an event whose tenant does not list the sender whose hub delivered it is dead-lettered as unauthorized-sender. At most 10: the event hubs of a Standard namespace.')
@minLength(1)
@maxLength(10)
param senders sender[]

var suffix = uniqueString(resourceGroup().id, baseName)
var storageName = take('${baseName}st${suffix}', 24)
// Every sender's hub is {hubNamePrefix}-{sender}; no hub is shared by two senders (docs/architecture.md, "Senders").
var hubNamePrefix = 'telemetry'
var senderNames = map(senders, s => s.name)
// One grant per (sender, principal): Bicep has no nested loops, so the pairs are listed first.
var senderGrants = flatten(map(range(0, length(senders)), i => map(senders[i].principalIds, principalId => {
  hub: i
  principalId: principalId
})))
var consumerGroupName = 'metering'
var deploymentContainerName = 'app-package'
var tableNames = [
  'tenants'
  'presence'
  'facts'
  'sessions'
  'touches'
  'batches'
  'eventclaims'
  'watermarks'
  'closes'
]
var closeQueueName = 'closes'
var publishedQueueName = 'published'
var latestContainerName = 'latest'
// The queues the app reads and writes: close requests, the closes the host gave up on (it moves a message there after
// its tenth attempt), and publication notices.
var queueNames = [
  closeQueueName
  '${closeQueueName}-poison'
  publishedQueueName
  // Where the host moves a publication notice after its tenth failed attempt: without the queue (and a role on it) the
  // move fails and the notice is retried for ever.
  '${publishedQueueName}-poison'
]
// Every container the app's identity touches, declared here so that each role can be granted on the container itself.
// The last three are the Functions host's own, reached through AzureWebJobsStorage__accountName: its locks, timer
// schedule status and host id (azure-webjobs-hosts), the Event Hubs trigger's checkpoints and partition ownership
// (azure-webjobs-eventhub), and its default key store (azure-webjobs-secrets). `billingReadable`: also granted to
// invoiceReaderPrincipalIds; `retentionDays` above zero: version-level immutable with that default retention.
var blobContainers = [
  {
    name: 'archive'
    billingReadable: false
    retentionDays: immutableArchive ? archiveRetentionDays : 0
  }
  {
    name: 'deadletter'
    billingReadable: false
    retentionDays: 0
  }
  {
    name: 'contracts'
    billingReadable: false
    retentionDays: 0
  }
  {
    name: 'invoices'
    billingReadable: true
    retentionDays: immutableInvoices ? invoiceRetentionDays : 0
  }
  {
    // Each window's newest revision under a stable name (latest.json), overwritten by the publish-latest function:
    // kept apart from the write-once invoices container so that the latter can stay immutable.
    name: latestContainerName
    billingReadable: true
    retentionDays: 0
  }
  {
    // The Flex Consumption deployment package, which the platform writes and reads with the app's identity.
    name: deploymentContainerName
    billingReadable: false
    retentionDays: 0
  }
  {
    name: 'azure-webjobs-hosts'
    billingReadable: false
    retentionDays: 0
  }
  {
    name: 'azure-webjobs-eventhub'
    billingReadable: false
    retentionDays: 0
  }
  {
    name: 'azure-webjobs-secrets'
    billingReadable: false
    retentionDays: 0
  }
]
var billingReadableContainers = filter(range(0, length(blobContainers)), i => blobContainers[i].billingReadable)
var billingReadGrants = flatten(map(
  invoiceReaderPrincipalIds,
  principalId => map(billingReadableContainers, container => {
    principalId: principalId
    container: container
  })
))

var virtualNetworkName = '${baseName}-vnet-${suffix}'
var appSubnetName = 'function-app'
var endpointSubnetName = 'private-endpoints'
// The storage services the app and the host reach, each with its own private endpoint and DNS zone.
var storageServices = [
  'blob'
  'queue'
  'table'
]

// Built-in role definitions (ids are the same in every tenant).
var roles = {
  eventHubsDataReceiver: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
  eventHubsDataSender: '2b629674-e913-4c01-ae53-ef4638d8f975'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${baseName}-log-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 90
    features: {
      // Queries and ingestion with Entra ID only: the workspace's shared keys are refused.
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${baseName}-appi-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Telemetry is sent with the app's identity (Monitoring Metrics Publisher), never with the instrumentation key alone.
    DisableLocalAuth: true
  }
}

resource eventHubs 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: '${baseName}-evh-${suffix}'
  location: location
  sku: {
    name: 'Standard'
    tier: 'Standard'
    capacity: 1
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
  }
}

resource senderHubs 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = [
  for name in senderNames: {
    parent: eventHubs
    name: '${hubNamePrefix}-${name}'
    properties: {
      partitionCount: eventHubPartitions
      messageRetentionInDays: eventHubRetentionDays
    }
  }
]

resource consumerGroups 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = [
  for (name, i) in senderNames: {
    parent: senderHubs[i]
    name: consumerGroupName
  }
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowCrossTenantReplication: false
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: {
      bypass: 'None'
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
    }
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for container in blobContainers: {
    parent: blobs
    name: container.name
    properties: {
      publicAccess: 'None'
      immutableStorageWithVersioning: {
        enabled: container.retentionDays > 0
      }
    }
  }
]

// Retention. Version-level immutability (WORM) needs blob versioning, which is on; enabling it on a container does not
// lock anything by itself, so each immutable container also gets a default time-based policy that every blob version
// written there inherits. A locked version cannot be deleted or have its metadata set; it can still be read, moved to
// another access tier, and overwriting its name would only create a new version beside it.
// - invoices: revisions and their evidence are written once (If-None-Match: *) and never altered, and are what billing
//   relies on. Locked for invoiceRetentionDays (2,555 days, seven years, a common retention for accounting records by
//   default); no lifecycle rule ever deletes them.
// - archive: every received batch, written create-only and only ever read back by replays. Locked for its whole life,
//   archiveRetentionDays; the lifecycle rule below deletes a batch only once it is older than that, so the rule never
//   meets a locked blob, and moving it to the cool tier after 30 days is allowed under the policy.
// - latest stays mutable: publish-latest overwrites latest.json. So do contracts (applied again when amended), dead
//   letters (diagnostics, kept 400 days by a lifecycle rule), the deployment package and the host's containers.
// The policies are deployed unlocked, which already refuses deletes and changes but lets an administrator shorten or
// remove the policy; lock them for regulatory WORM (docs/operations.md), then set immutabilityPoliciesLocked. Turning
// immutability on for an existing container needs a migration first; it can never be turned off again.
resource containerRetention 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = [
  for (container, i) in blobContainers: if (container.retentionDays > 0 && !immutabilityPoliciesLocked) {
    parent: containers[i]
    name: 'default'
    properties: {
      immutabilityPeriodSinceCreationInDays: container.retentionDays
      allowProtectedAppendWrites: false
    }
  }
]

// The raw archive and dead letters are kept long enough to replay or inspect a billing year, then deleted; invoices
// and contracts are never touched by lifecycle rules. With versioning on, deleting a blob keeps its data as a previous
// version: each rule deletes those previous versions too, after the same number of days, or nothing would ever go.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'archive-retention'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'archive/'
              ]
            }
            actions: {
              baseBlob: {
                tierToCool: {
                  daysAfterModificationGreaterThan: 30
                }
                delete: {
                  daysAfterModificationGreaterThan: archiveRetentionDays
                }
              }
              version: {
                delete: {
                  daysAfterCreationGreaterThan: archiveRetentionDays
                }
              }
            }
          }
        }
        {
          name: 'deadletter-retention'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'deadletter/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: deadLetterRetentionDays
                }
              }
              version: {
                delete: {
                  daysAfterCreationGreaterThan: deadLetterRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for name in tableNames: {
    parent: tableService
    name: name
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for name in queueNames: {
    parent: queueService
    name: name
  }
]

// Private networking (privateNetworking): one virtual network with two subnets. The Function App's outbound traffic
// leaves through the first (Flex Consumption integrates into a subnet delegated to Microsoft.App/environments, which
// may hold nothing else); the second holds a private endpoint for each storage service and for the Event Hubs
// namespace. Private DNS zones linked to the network make the usual names (<account>.blob.core.windows.net,
// <namespace>.servicebus.windows.net) resolve to those endpoints inside it, so no app setting changes. Application
// Insights stays on its public endpoint, reached through the integration subnet's default outbound access (set
// explicitly rather than left to the network API version's default).
resource virtualNetwork 'Microsoft.Network/virtualNetworks@2024-05-01' = if (privateNetworking) {
  name: virtualNetworkName
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [
        virtualNetworkAddressPrefix
      ]
    }
    subnets: [
      {
        name: appSubnetName
        properties: {
          addressPrefix: cidrSubnet(virtualNetworkAddressPrefix, 24, 0)
          defaultOutboundAccess: true
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: endpointSubnetName
        properties: {
          addressPrefix: cidrSubnet(virtualNetworkAddressPrefix, 24, 1)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource storageZones 'Microsoft.Network/privateDnsZones@2020-06-01' = [
  for service in storageServices: if (privateNetworking) {
    name: 'privatelink.${service}.${environment().suffixes.storage}'
    location: 'global'
  }
]

resource storageZoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = [
  for (service, i) in storageServices: if (privateNetworking) {
    parent: storageZones[i]
    name: virtualNetworkName
    location: 'global'
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: virtualNetwork.id
      }
    }
  }
]

resource storageEndpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [
  for service in storageServices: if (privateNetworking) {
    name: '${storageName}-${service}'
    location: location
    properties: {
      subnet: {
        id: resourceId('Microsoft.Network/virtualNetworks/subnets', virtualNetworkName, endpointSubnetName)
      }
      privateLinkServiceConnections: [
        {
          name: service
          properties: {
            privateLinkServiceId: storage.id
            groupIds: [
              service
            ]
          }
        }
      ]
    }
    dependsOn: [
      virtualNetwork
    ]
  }
]

resource storageEndpointRecords 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [
  for (service, i) in storageServices: if (privateNetworking) {
    parent: storageEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: service
          properties: {
            privateDnsZoneId: storageZones[i].id
          }
        }
      ]
    }
  }
]

// Event Hubs has no entry in environment(); this is its private link zone in the public cloud.
resource eventHubsZone 'Microsoft.Network/privateDnsZones@2020-06-01' = if (privateNetworking) {
  name: 'privatelink.servicebus.windows.net'
  location: 'global'
}

resource eventHubsZoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = if (privateNetworking) {
  parent: eventHubsZone
  name: virtualNetworkName
  location: 'global'
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: virtualNetwork.id
    }
  }
}

resource eventHubsEndpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = if (privateNetworking) {
  name: '${eventHubs.name}-namespace'
  location: location
  properties: {
    subnet: {
      id: resourceId('Microsoft.Network/virtualNetworks/subnets', virtualNetworkName, endpointSubnetName)
    }
    privateLinkServiceConnections: [
      {
        name: 'namespace'
        properties: {
          privateLinkServiceId: eventHubs.id
          groupIds: [
            'namespace'
          ]
        }
      }
    ]
  }
  dependsOn: [
    virtualNetwork
  ]
}

resource eventHubsEndpointRecords 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = if (privateNetworking) {
  parent: eventHubsEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'namespace'
        properties: {
          privateDnsZoneId: eventHubsZone.id
        }
      }
    ]
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${baseName}-plan-${suffix}'
  location: location
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: '${baseName}-func-${suffix}'
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Flex Consumption's virtual network integration (privateNetworking).
    virtualNetworkSubnetId: privateNetworking
      ? resourceId('Microsoft.Network/virtualNetworks/subnets', virtualNetworkName, appSubnetName)
      : null
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        // Host storage (triggers' leases and checkpoints) through the app's identity.
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storage.name
        }
        // The Event Hubs trigger connection, identity-based.
        {
          name: 'EventHub__fullyQualifiedNamespace'
          value: '${eventHubs.name}.servicebus.windows.net'
        }
        // One ingest function per sender, each on {EventHubNamePrefix}-{sender} (SenderFunctions).
        {
          name: 'EventHubNamePrefix'
          value: hubNamePrefix
        }
        {
          name: 'Senders'
          value: join(senderNames, ',')
        }
        {
          name: 'EventHubConsumerGroup'
          value: consumerGroupName
        }
        // The pipeline's own storage (tables, blobs, the close queue), identity-based: the settings that
        // MeteringSettings reads (Storage:*) and the queue trigger's connection named "Storage".
        {
          name: 'Storage__blobServiceUri'
          value: storage.properties.primaryEndpoints.blob
        }
        {
          name: 'Storage__queueServiceUri'
          value: storage.properties.primaryEndpoints.queue
        }
        {
          name: 'Storage__tableServiceUri'
          value: storage.properties.primaryEndpoints.table
        }
        {
          name: 'Storage__credential'
          value: 'managedidentity'
        }
        {
          name: 'CloseSchedule'
          value: closeSchedule
        }
        {
          name: 'CloseQueue'
          value: closeQueueName
        }
        {
          name: 'PublishedQueue'
          value: publishedQueueName
        }
        {
          name: 'LatestContainer'
          value: latestContainerName
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'Authorization=AAD'
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  // With private networking, the app starts once the network and the endpoints' DNS records exist.
  dependsOn: [
    virtualNetwork
    storageEndpointRecords
    eventHubsEndpointRecords
  ]
}

// No publishing with user names and passwords: deployments to the SCM (Kudu) endpoint authenticate with Entra ID, and
// FTP is refused.
resource scmBasicPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

// The app's identity gets exactly what its functions use, each role on the resource it is used on: receive from the
// hub, publish telemetry to its own component, and data roles on each table, container and queue it reads or writes,
// none on the account. Contributor roles, never Owner: Storage Blob Data Owner adds blob ACLs and ownership, tags,
// version deletion, permanent delete and setting or removing blob immutability policies, none of which the app or the
// host does.
//
// What the Functions host needs through AzureWebJobsStorage__accountName (Microsoft's "Connecting to host storage
// with an identity"): blobs, for general coordination and as the default key store, for timer locks and for Event
// Hubs checkpoints. The page names Storage Blob Data Owner, for reading and writing blobs and creating containers;
// Storage Blob Data Contributor allows all three, and since the containers are declared above it is granted on each of
// them rather than on the account. Queues on that connection serve only the blob trigger (not used here): no queue
// role for the host. Tables serve only the host's diagnostic events, written to a new table each month
// (AzureFunctionsDiagnosticEvents{yyyyMM}) that no table-scoped assignment can name in advance; the page lists them as
// optional and the host logs a warning when it cannot write one. An account-wide table role would open every data
// table to the host, so none is granted: the portal's diagnostic events (troubleshooting hints) are not persisted; the
// host's own logs still reach Application Insights.
resource appReceivesEvents 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (name, i) in senderNames: {
    name: guid(senderHubs[i].id, app.id, roles.eventHubsDataReceiver)
    scope: senderHubs[i]
    properties: {
      principalId: app.identity.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventHubsDataReceiver)
    }
  }
]

resource appPublishesTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, app.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

// Activity, state, the close ledger and watermarks: read, write and (on first use) create each table.
resource appWritesTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (name, i) in tableNames: {
    name: guid(tables[i].id, app.id, roles.storageTableDataContributor)
    scope: tables[i]
    properties: {
      principalId: app.identity.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    }
  }
]

// Archive, dead letters, contracts, invoice revisions, latest.json, the deployment package and the host's containers.
resource appWritesBlobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (container, i) in blobContainers: {
    name: guid(containers[i].id, app.id, roles.storageBlobDataContributor)
    scope: containers[i]
    properties: {
      principalId: app.identity.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    }
  }
]

// Contributor rather than the message roles: the adapters and the queue trigger create their queue on first use, which
// Storage Queue Data Message Sender or Processor do not allow.
resource appUsesQueues 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (name, i) in queueNames: {
    name: guid(queues[i].id, app.id, roles.storageQueueDataContributor)
    scope: queues[i]
    properties: {
      principalId: app.identity.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    }
  }
]

// Billing systems read the invoices and latest containers only.
resource billingReaders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in billingReadGrants: {
    name: guid(containers[grant.container].id, grant.principalId, roles.storageBlobDataReader)
    scope: containers[grant.container]
    properties: {
      principalId: grant.principalId
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataReader)
    }
  }
]

// A sender's principals may send to its hub and to no other: the hub is the transport identity ingest checks.
resource telemetrySenders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in senderGrants: {
    name: guid(senderHubs[grant.hub].id, grant.principalId, roles.eventHubsDataSender)
    scope: senderHubs[grant.hub]
    properties: {
      principalId: grant.principalId
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventHubsDataSender)
    }
  }
]

@description('The Function App name (deploy the package with `func azure functionapp publish <name>` or zip deploy).')
output functionAppName string = app.name

@description('The storage account holding tables, invoices and the close queue.')
output storageAccountName string = storage.name

@description('Where billing systems read invoices.')
output invoicesUrl string = '${storage.properties.primaryEndpoints.blob}invoices'

@description('The Event Hubs namespace vendor apps send to.')
output eventHubsNamespace string = '${eventHubs.name}.servicebus.windows.net'

@description('Each sender\'s event hub, in the order of the senders parameter.')
output eventHubNames array = [for name in senderNames: '${hubNamePrefix}-${name}']

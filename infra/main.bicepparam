using 'main.bicep'

param baseName = 'metering'
param eventHubPartitions = 8
param storageSku = 'Standard_ZRS'
param immutableInvoices = true
param invoiceRetentionDays = 2555
param immutableArchive = true
param immutabilityPoliciesLocked = false
param privateNetworking = false
param closeSchedule = '0 */15 * * * *'
param invoiceReaderPrincipalIds = []
// One entry per producing app: its hub is telemetry-{name}; list the object ids that send as it.
param senders = [
  { name: 'acme-lms', principalIds: [] }
]

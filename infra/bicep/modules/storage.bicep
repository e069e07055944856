// Storage account of the documents (input, work, output containers), of the Functions host and Durable Task hub
// (AzureWebJobsStorage) and of the Flex Consumption deployment package. Shared-key access is off: every client
// (Functions host, Durable Task, blob trigger, BlobWorkStore, the Flex deployment) authenticates with a managed
// identity. Lifecycle rules delete work and output blobs after the retention parameters.
//
// Network: the public endpoint is closed unless publicAccess opens it (to every network, or to a few addresses);
// the Function App reaches blobs, queues and tables through the private endpoints of privateendpoints.bicep.
// Access: blob roles are granted per container (containerGrants), never on the whole account; roleGrants are
// account-wide (the queue and table roles Durable Task needs for the queues and tables it creates at run time).

import { ContainerGrant, PublicAccess, RoleGrant, Tags } from 'types.bicep'

@description('Azure region.')
param location string

@description('Storage account name (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param accountName string

@description('Container watched for uploads (FOLIO_INPUT_CONTAINER).')
param inputContainer string

@description('Container of pages and page results (FOLIO_WORK_CONTAINER).')
param workContainer string

@description('Container of the Markdown and JSON outputs (FOLIO_OUTPUT_CONTAINER).')
param outputContainer string

@description('Container that holds the Function App package (Flex Consumption one-deploy).')
param deploymentContainer string

@description('More containers to create: the Functions host\'s, the Durable task hub\'s, the allow-listed sources and destinations.')
param otherContainers string[]

@description('Days uploads are kept; 0 keeps them until deleted.')
@minValue(0)
param inputRetentionDays int

@description('Days page images and page results are kept (a re-run within this time reuses finished pages).')
@minValue(1)
param workRetentionDays int

@description('Days outputs are kept; 0 keeps them until deleted.')
@minValue(0)
param outputRetentionDays int

@description('Role assignments on the whole account (no blob roles: those go in containerGrants).')
param roleGrants RoleGrant[]

@description('Role assignments on single containers (each container is created here).')
param containerGrants ContainerGrant[]

@description('Who may reach the public endpoint.')
param publicAccess PublicAccess

@description('Tags for every resource.')
param tags Tags

var retention = filter(
  [
    { container: inputContainer, days: inputRetentionDays }
    { container: workContainer, days: workRetentionDays }
    { container: outputContainer, days: outputRetentionDays }
  ],
  r => r.days > 0
)
// union() drops duplicates: an allow-listed container may also be one of the four.
var allContainers = union([inputContainer, workContainer, outputContainer, deploymentContainer], otherContainers)
// The storage firewall takes single addresses without a prefix length (it refuses /31 and /32).
var ipRules = map(publicAccess.allowedIps, ip => {
  value: endsWith(ip, '/32') ? replace(ip, '/32', '') : ip
  action: 'Allow'
})

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: accountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Disabled unless publicAccess opens it; with addresses only, the firewall denies all others.
    publicNetworkAccess: publicAccess.allowAll || !empty(publicAccess.allowedIps) ? 'Enabled' : 'Disabled'
    networkAcls: {
      defaultAction: publicAccess.allowAll ? 'Allow' : 'Deny'
      bypass: 'AzureServices'
      ipRules: ipRules
      virtualNetworkRules: []
    }
  }

  resource blobService 'blobServices' = {
    name: 'default'
    properties: {
      deleteRetentionPolicy: {
        enabled: true
        days: 7
      }
    }

    resource containers 'containers' = [
      for name in allContainers: {
        name: name
        properties: {
          publicAccess: 'None'
        }
      }
    ]
  }

  resource lifecycle 'managementPolicies' = if (!empty(retention)) {
    name: 'default'
    properties: {
      policy: {
        rules: [
          for r in retention: {
            name: 'expire-${r.container}'
            enabled: true
            type: 'Lifecycle'
            definition: {
              filters: {
                blobTypes: [
                  'blockBlob'
                ]
                prefixMatch: [
                  '${r.container}/'
                ]
              }
              actions: {
                baseBlob: {
                  delete: {
                    daysAfterModificationGreaterThan: r.days
                  }
                }
              }
            }
          }
        ]
      }
    }
  }
}

resource grantedContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' existing = [
  for grant in containerGrants: {
    parent: account::blobService
    name: grant.container
  }
]

resource containerRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (grant, i) in containerGrants: {
    name: guid(account.id, grant.container, grant.principalId, grant.roleDefinitionId)
    scope: grantedContainers[i]
    properties: {
      principalId: grant.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.roleDefinitionId)
      description: grant.reason
    }
    // The containers are this module's; the existing references above do not wait for them by themselves.
    dependsOn: [
      account::blobService::containers
    ]
  }
]

resource grants 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in roleGrants: {
    name: guid(account.id, grant.principalId, grant.roleDefinitionId)
    scope: account
    properties: {
      principalId: grant.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.roleDefinitionId)
      description: grant.reason
    }
  }
]

// Blob-created events of the input container reach the Function App through this topic (functionapp.bicep
// subscribes the blob trigger once the code is deployed).
resource eventTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: '${accountName}-events' // functionapp.bicep finds it by this name
  location: location
  tags: tags
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

@description('Storage account name.')
output accountName string = account.name

@description('Resource id of the storage account.')
output accountId string = account.id

@description('Blob endpoint, e.g. https://ACCOUNT.blob.core.windows.net/.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Queue endpoint.')
output queueEndpoint string = account.properties.primaryEndpoints.queue

@description('Table endpoint.')
output tableEndpoint string = account.properties.primaryEndpoints.table

@description('Name of the Event Grid system topic of the account.')
output eventTopicName string = eventTopic.name

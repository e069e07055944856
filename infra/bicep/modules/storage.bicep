// Storage account of the documents (input, work, output containers), of the Functions host and Durable Task hub
// (AzureWebJobsStorage) and of the Flex Consumption deployment package. Shared-key access is off: every client
// (Functions host, Durable Task, blob trigger, BlobWorkStore, the Flex deployment) authenticates with the Function
// App's user-assigned identity. Lifecycle rules delete work and output blobs after the retention parameters.

import { RoleGrant, Tags } from 'types.bicep'

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

@description('Days uploads are kept; 0 keeps them until deleted.')
@minValue(0)
param inputRetentionDays int

@description('Days page images and page results are kept (a re-run within this time reuses finished pages).')
@minValue(1)
param workRetentionDays int

@description('Days outputs are kept; 0 keeps them until deleted.')
@minValue(0)
param outputRetentionDays int

@description('Role assignments on the account.')
param roleGrants RoleGrant[]

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
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
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
      for name in [inputContainer, workContainer, outputContainer, deploymentContainer]: {
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

// Function App on the Flex Consumption plan (.NET isolated), with its user-assigned identity for everything:
// the host and Durable Task storage (AzureWebJobsStorage__*), the documents' storage (FOLIO_STORAGE__* and
// AZURE_CLIENT_ID for DefaultAzureCredential), Key Vault references and Application Insights (Entra ID auth). The
// deployment package is written and read with a second identity, the only one with rights on its container: the
// identity the app's clients use has none there. (Code running in the app could still ask for the second identity's
// token, as for any identity assigned to the site; this keeps the clients and the grants apart, not the code.) Outbound traffic goes through the VNet, so the inference app resolves and answers.
// Every setting of local.settings.sample.json is set here, except FUNCTIONS_WORKER_RUNTIME, which Flex
// Consumption takes from functionAppConfig.runtime and refuses as an app setting.

import { DocumentAccess, FunctionTuning, Tags } from 'types.bicep'

@description('Azure region.')
param location string

@description('Function App name (also the host name: NAME.azurewebsites.net).')
param appName string

@description('Flex Consumption plan name.')
param planName string

@description('Resource id of the Function App identity.')
param identityId string

@description('Client id of the Function App identity.')
param identityClientId string

@description('Principal id of the Function App identity.')
param identityPrincipalId string

@description('Resource id of the identity the platform writes and reads the deployment package with.')
param deploymentIdentityId string

@description('Resource id of the VNet integration subnet.')
param subnetId string

@description('Storage account name.')
param storageAccountName string

@description('Blob endpoint of the storage account.')
param blobEndpoint string

@description('Queue endpoint of the storage account.')
param queueEndpoint string

@description('Container of the deployment package.')
param deploymentContainer string

@description('Upload, work and output containers.')
param containers {
  input: string
  work: string
  output: string
}

@description('Durable task hub name (letters and digits, 3-45, starting with a letter).')
@minLength(3)
@maxLength(45)
param taskHubName string

@description('Base URL of the inference service; empty until its image is deployed.')
param inferenceUrl string

@description('Key Vault secret URI of the inference API key.')
param apiKeySecretUri string

@description('Completion notifications: the hosts job callbacks may name (FOLIO_CALLBACK_HOSTS), the Key Vault secret URI of their signing key (empty: none) and the Event Grid topic endpoint (empty: no events).')
param notifications {
  callbackHosts: string
  callbackSecretUri: string
  eventGridEndpoint: string
}

@description('Application Insights component name.')
param appInsightsName string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('.NET version of the isolated worker.')
param dotnetVersion string

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of one instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Tuning settings.')
param tuning FunctionTuning

@description('Where the documents API may read from and write to, and the S3 endpoint.')
param access DocumentAccess

@description('Days finished jobs (history, work files, outputs) are kept by the app; 0 keeps them.')
@minValue(0)
param retentionDays int

@description('Name of the storage account Event Grid system topic.')
param eventTopicName string

@description('Subscribe the blob trigger (OnDocumentUploadedEventGrid) to blob-created events. Needs the code deployed first: the blobs_extension key exists only once the host has loaded the blob extension.')
param subscribeUploads bool

@description('Tags for every resource.')
param tags Tags

var metricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

var identitySettings = {
  credential: 'managedidentity'
  clientId: identityClientId
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

// `azd deploy functions` (azure.yaml) finds the app by its azd-service-name tag.
resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
      '${deploymentIdentityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: subnetId
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        // Functions host and Durable Task storage, by identity (no connection string, no key).
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: identitySettings.credential }
        { name: 'AzureWebJobsStorage__clientId', value: identitySettings.clientId }
        { name: 'FOLIO_TASK_HUB', value: taskHubName }
        // Documents' storage (blob trigger connection and BlobWorkStore), by identity.
        { name: 'FOLIO_STORAGE__blobServiceUri', value: blobEndpoint }
        { name: 'FOLIO_STORAGE__queueServiceUri', value: queueEndpoint }
        { name: 'FOLIO_STORAGE__credential', value: identitySettings.credential }
        { name: 'FOLIO_STORAGE__clientId', value: identitySettings.clientId }
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'FOLIO_INPUT_CONTAINER', value: containers.input }
        // Flex Consumption runs blob triggers only from Event Grid: the polling twin stays off.
        { name: 'AzureWebJobs.OnDocumentUploaded.Disabled', value: 'true' }
        { name: 'FOLIO_WORK_CONTAINER', value: containers.work }
        { name: 'FOLIO_OUTPUT_CONTAINER', value: containers.output }
        // Inference service.
        { name: 'FOLIO_INFERENCE_URL', value: inferenceUrl }
        { name: 'FOLIO_INFERENCE_API_KEY', value: '@Microsoft.KeyVault(SecretUri=${apiKeySecretUri})' }
        { name: 'FOLIO_INFERENCE_ATTEMPT_TIMEOUT_SECONDS', value: string(tuning.inferenceAttemptTimeoutSeconds) }
        { name: 'FOLIO_INFERENCE_TOTAL_TIMEOUT_SECONDS', value: string(tuning.inferenceTotalTimeoutSeconds) }
        { name: 'FOLIO_INFERENCE_RETRIES', value: string(tuning.inferenceRetries) }
        // Pipeline.
        { name: 'FOLIO_DPI', value: string(tuning.dpi) }
        { name: 'FOLIO_UPLOAD_FORMATS', value: tuning.uploadFormats }
        { name: 'FOLIO_MAX_PAGES_IN_FLIGHT', value: string(tuning.maxPagesInFlight) }
        { name: 'FOLIO_PAGES_PER_BATCH', value: string(tuning.pagesPerBatch) }
        { name: 'FOLIO_PAGE_ATTEMPTS', value: string(tuning.pageAttempts) }
        { name: 'FOLIO_PAGE_RETRY_SECONDS', value: string(tuning.pageRetrySeconds) }
        { name: 'FOLIO_MAX_UPLOAD_MB', value: string(tuning.maxUploadMb) }
        { name: 'FOLIO_MAX_PAGES', value: string(tuning.maxPages) }
        // Sources and destinations beyond the input container: an allow-list, never arbitrary URLs.
        { name: 'FOLIO_ALLOWED_SOURCES', value: access.allowedSources }
        { name: 'FOLIO_ALLOWED_DESTINATIONS', value: access.allowedDestinations }
        { name: 'FOLIO_S3_ENDPOINT', value: access.s3Endpoint }
        { name: 'FOLIO_S3_FORCE_PATH_STYLE', value: string(access.s3ForcePathStyle) }
        // Retention sweep (RetentionSweep timer) and delete requests.
        { name: 'FOLIO_RETENTION_DAYS', value: string(retentionDays) }
        { name: 'FOLIO_RETENTION_SCHEDULE', value: '0 30 3 * * *' }
        { name: 'FOLIO_DELETE_WAIT_SECONDS', value: '30' }
        // Completion notifications: signed callbacks to allowed hosts, and events to the Event Grid topic by identity.
        { name: 'FOLIO_CALLBACK_HOSTS', value: notifications.callbackHosts }
        { name: 'FOLIO_CALLBACK_ALLOW_PRIVATE', value: 'false' }
        {
          name: 'FOLIO_CALLBACK_SECRET'
          value: empty(notifications.callbackSecretUri)
            ? ''
            : '@Microsoft.KeyVault(SecretUri=${notifications.callbackSecretUri})'
        }
        { name: 'FOLIO_CALLBACK_ATTEMPTS', value: '5' }
        { name: 'FOLIO_CALLBACK_RETRY_SECONDS', value: '5' }
        { name: 'FOLIO_CALLBACK_TIMEOUT_SECONDS', value: '30' }
        { name: 'FOLIO_EVENTGRID_ENDPOINT', value: notifications.eventGridEndpoint }
        { name: 'FOLIO_EVENTGRID_KEY', value: '' }
        { name: 'FOLIO_EVENTGRID_SOURCE', value: '/folio/${appName}' }
        // Telemetry with the identity (local auth is off on the component).
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainer}'
          // One deploy (azd deploy, az functionapp deployment source config-zip) uploads the package with this
          // identity, and each instance downloads it with it.
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: deploymentIdentityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }

  // Deployments use Entra ID (az functionapp deployment / func publish), not basic-auth publishing credentials.
  resource scmBasicAuth 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }

  resource ftpBasicAuth 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

var insightsGrants = [
  {
    principalId: identityPrincipalId
    roleDefinitionId: metricsPublisher
    reason: 'Function App telemetry with Entra ID auth'
  }
]

resource insightsRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in insightsGrants: {
    name: guid(appInsights.id, grant.principalId, grant.roleDefinitionId)
    scope: appInsights
    properties: {
      principalId: grant.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.roleDefinitionId)
      description: grant.reason
    }
  }
]

resource eventTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: eventTopicName
}

// The blob trigger's Event Grid source: blob-created events of the input container go to the host's blobs
// webhook. Flex Consumption runs blob triggers only with this source.
resource uploads 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (subscribeUploads) {
  parent: eventTopic
  name: 'folio-uploads'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${site.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.OnDocumentUploadedEventGrid&code=${listKeys('${site.id}/host/default', '2025-03-01').systemKeys.blobs_extension}'
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${containers.input}/'
    }
    eventDeliverySchema: 'EventGridSchema'
  }
}

@description('Function App name.')
output appName string = site.name

@description('Base URL of the HTTP API (POST {url}/documents with a function key).')
output apiUrl string = 'https://${site.properties.defaultHostName}/api'

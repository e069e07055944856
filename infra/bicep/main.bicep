// Folio on Azure: one resource group with the storage account, the Function App (Flex Consumption), the inference
// service on a serverless GPU container app (scales to zero), an optional vLLM server, the registry, Key Vault,
// logs and the network that joins them. Safe by default: the storage account, Key Vault and registry take no
// public traffic (the apps reach them through private endpoints; allowPublicNetworkAccess and
// publicNetworkAllowedIps open them deliberately), the Function App's blob roles are per container, and the
// optional vLLM server serves a pinned model revision behind an API key. Deploy with a parameter file:
//   az deployment sub create --location LOCATION --parameters infra/bicep/dev.bicepparam
// README.md ("Deploy to Azure") gives the whole sequence.

targetScope = 'subscription'

import { DocumentAccess, FunctionTuning, GpuProfileType, Tags } from 'modules/types.bicep'

@description('Environment name; part of every resource name.')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Azure region of every resource. Serverless GPUs exist in a few regions only (README).')
param location string = deployment().location

@description('Resource group that holds everything (created when missing).')
param resourceGroupName string = 'rg-folio-${environmentName}'

@description('GPU workload profile of the inference app.')
param gpuProfileType GpuProfileType = 'Consumption-GPU-NC8as-T4'

@description('Most inference replicas (each one holds one GPU while it runs).')
@minValue(1)
@maxValue(20)
param inferenceMaxReplicas int = 2

@description('Pages one inference replica works on at once; more requests start another replica.')
@minValue(1)
param inferenceConcurrentRequests int = 8

@description('Ocr:Device of the inference service.')
@allowed([
  'Auto'
  'Cuda'
  'Cpu'
])
param inferenceDevice string = 'Cuda'

@description('Tag of the images in the registry (folio-inference:TAG). Empty on the first deployment: the inference app is created once the image exists.')
param imageTag string = ''

@description('API key the inference service requires (X-Api-Key); stored in Key Vault. Keep it the same across deployments.')
@secure()
@minLength(32)
param inferenceApiKey string

@description('Create the vLLM server (PaddleOCR-VL on an A100 profile) for the VLM backend.')
param enableVllm bool = false

@description('vLLM server image (pinned tag of a release that serves PaddleOCR-VL).')
param vllmImage string = 'docker.io/vllm/vllm-openai:v0.11.2'

@description('Hugging Face commit (40 hex digits) of PaddlePaddle/PaddleOCR-VL that vLLM serves and whose code it trusts (--trust-remote-code). Verify it before enabling vLLM (README).')
@minLength(40)
@maxLength(40)
param vllmModelRevision string = 'f54aa90d389e98361cf295b7f4544bfb7452996d'

@description('API key the vLLM server requires (bearer token) and the inference service sends; stored in Key Vault. Required (32+ characters) with enableVllm.')
@secure()
param vllmApiKey string = ''

@description('Most vLLM replicas.')
@minValue(1)
@maxValue(10)
param vllmMaxReplicas int = 1

@description('Most Function App instances.')
@minValue(1)
@maxValue(1000)
param functionMaximumInstanceCount int = 40

@description('Memory of one Function App instance in MB (PDF splitting holds a whole document).')
@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 2048

@description('.NET version of the isolated worker (Flex Consumption runtime version).')
param dotnetVersion string = '10.0'

@description('Tuning settings of the Function App (defaults: local.settings.sample.json).')
param functionTuning FunctionTuning = {
  inferenceAttemptTimeoutSeconds: 120
  inferenceTotalTimeoutSeconds: 300
  inferenceRetries: 2
  dpi: 150
  uploadFormats: 'md,json'
  maxPagesInFlight: 16
  pagesPerBatch: 200
  pageAttempts: 3
  pageRetrySeconds: 5
  maxUploadMb: 500
  maxPages: 2000
}

@description('Where the documents API may read documents from and write copies of outputs to, beyond the input container.')
param documentAccess DocumentAccess = {
  allowedSources: ''
  allowedDestinations: ''
  s3Endpoint: ''
  s3ForcePathStyle: false
}

@description('Days uploads are kept; 0 keeps them.')
@minValue(0)
param inputRetentionDays int = 30

@description('Days page images and page results are kept.')
@minValue(1)
param workRetentionDays int = 7

@description('Days outputs are kept; 0 keeps them.')
@minValue(0)
param outputRetentionDays int = 0

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Daily Log Analytics ingestion cap in GB (-1: none).')
param logDailyQuotaGb int = 1

@description('Container registry SKU. A registry closed to public networks (allowPublicNetworkAccess false) must be Premium: Azure refuses to close Basic and Standard.')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param registrySku string = 'Premium'

@description('Open the public endpoints of the storage account, Key Vault and registry to every network. false: they refuse public traffic, but for publicNetworkAllowedIps; the apps reach them through private endpoints either way.')
param allowPublicNetworkAccess bool = false

@description('Public IPv4 addresses or CIDR ranges let through the storage, Key Vault and registry firewalls while allowPublicNetworkAccess is false (a deploying machine, an office). Empty: no public traffic at all.')
param publicNetworkAllowedIps string[] = []

@description('Subscribe the upload blob trigger to Event Grid (set true once the Function App code is deployed).')
param subscribeUploads bool = false

@description('Hosts job callbacks may name (comma-separated; *.example.com for subdomains). Empty: callbacks are refused.')
param callbackHosts string = ''

@description('HMAC-SHA256 key that signs the callbacks (32+ characters); stored in Key Vault. Required when callbackHosts is set.')
@secure()
param callbackSecret string = ''

@description('Create an Event Grid custom topic and publish every job\'s completion event to it (CloudEvents 1.0).')
param enableEventGridTopic bool = false

@description('Address space of the virtual network.')
param vnetAddressPrefix string = '10.42.0.0/16'

@description('Subnet of the Container Apps environment.')
param appsSubnetPrefix string = '10.42.0.0/23'

@description('Subnet of the Function App VNet integration.')
param functionsSubnetPrefix string = '10.42.4.0/24'

@description('Subnet of the private endpoints of the storage account, Key Vault and registry.')
param privateEndpointsSubnetPrefix string = '10.42.5.0/24'

@description('Tags for every resource.')
param tags Tags = {}

@description('The containers named by the blob://container[/prefix] entries of a comma-separated allow-list, once each.')
func blobContainers(allowList string) string[] =>
  union(
    map(
      filter(map(split(allowList, ','), entry => trim(entry)), entry => startsWith(entry, 'blob://')),
      entry => split(substring(entry, length('blob://')), '/')[0]
    ),
    []
  )

var suffix = uniqueString(subscription().id, resourceGroupName)
var allTags = union(tags, {
  application: 'folio'
  environment: environmentName
})
var containers = {
  input: 'incoming'
  work: 'folio-work'
  output: 'folio-output'
}
var deploymentContainer = 'app-package'
var apiKeySecretName = 'inference-api-key'
var callbackSecretName = 'callback-signing-key'
var vllmKeySecretName = 'vllm-api-key'
var taskHubName = 'folio${environmentName}'
// Blob containers of the Functions host (locks, timers, keys) and of the Durable task hub (partition and app
// leases, large messages); created by the template so that the Function App's roles can name them.
var hostContainers = ['azure-webjobs-hosts', 'azure-webjobs-secrets']
var taskHubContainers = map(['leases', 'applease', 'largemessages'], kind => '${toLower(taskHubName)}-${kind}')
// Containers of the account the documents API may read from (FOLIO_ALLOWED_SOURCES) and write copies to
// (FOLIO_ALLOWED_DESTINATIONS): the blob://container[/prefix] entries; s3:// entries are not Azure's. The deployment
// package's container is never one of them: the Function App's identity gets no role there.
var sourceContainers = filter(blobContainers(documentAccess.allowedSources), c => c != deploymentContainer)
var destinationContainers = filter(blobContainers(documentAccess.allowedDestinations), c => c != deploymentContainer)
// The same rule for all three: closed by default, opened deliberately.
var publicAccess = {
  allowAll: allowPublicNetworkAccess
  allowedIps: filter(map(publicNetworkAllowedIps, ip => trim(ip)), ip => !empty(ip))
}
var storageAccountName = take('stfolio${environmentName}${suffix}', 24)
var vaultName = take('kv-folio-${environmentName}-${suffix}', 24)
var registryName = 'crfolio${environmentName}${suffix}'
var appInsightsName = 'appi-folio-${environmentName}-${suffix}'

// Built-in roles.
var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  blobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  eventGridDataSender: 'd5a91429-5739-47e2-a06b-3470a27159e7'
}

// azd (azure.yaml) knows its environment's resource group by the azd-env-name tag; its environment is named
// after environmentName.
resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: resourceGroupName
  location: location
  tags: union(allTags, { 'azd-env-name': environmentName })
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'folio-monitoring'
  scope: rg
  params: {
    location: location
    workspaceName: 'log-folio-${environmentName}-${suffix}'
    appInsightsName: appInsightsName
    retentionInDays: logRetentionDays
    dailyQuotaGb: logDailyQuotaGb
    tags: allTags
  }
}

module identity 'modules/identity.bicep' = {
  name: 'folio-identity'
  scope: rg
  params: {
    location: location
    functionIdentityName: 'id-folio-func-${environmentName}'
    deploymentIdentityName: 'id-folio-deploy-${environmentName}'
    appsIdentityName: 'id-folio-apps-${environmentName}'
    tags: allTags
  }
}

module network 'modules/network.bicep' = {
  name: 'folio-network'
  scope: rg
  params: {
    location: location
    vnetName: 'vnet-folio-${environmentName}'
    addressPrefix: vnetAddressPrefix
    appsSubnetPrefix: appsSubnetPrefix
    functionsSubnetPrefix: functionsSubnetPrefix
    privateEndpointsSubnetPrefix: privateEndpointsSubnetPrefix
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'folio-storage'
  scope: rg
  params: {
    location: location
    accountName: storageAccountName
    inputContainer: containers.input
    workContainer: containers.work
    outputContainer: containers.output
    deploymentContainer: deploymentContainer
    inputRetentionDays: inputRetentionDays
    workRetentionDays: workRetentionDays
    outputRetentionDays: outputRetentionDays
    otherContainers: union(hostContainers, taskHubContainers, sourceContainers, destinationContainers)
    publicAccess: publicAccess
    // Account-wide: the queues and tables Durable Task and the Functions host create at run time (task hub control
    // and work-item queues, history and instance tables, the blob trigger's poison queue).
    roleGrants: [
      for role in [
        { id: roles.queueDataContributor, reason: 'Function App: durable task queues, blob trigger poison queue' }
        { id: roles.tableDataContributor, reason: 'Function App: durable task instance, history and partition tables' }
      ]: {
        principalId: identity.outputs.functionPrincipalId
        roleDefinitionId: role.id
        reason: role.reason
      }
    ]
    // Blob roles, per container. The Function App's identity: Storage Blob Data Owner (what the Functions host and
    // the blob trigger are documented to need) on the host's, the task hub's and the input container; Contributor
    // on the work and output containers and the allowed destinations; Reader on the allowed sources; nothing on the
    // deployment package's container, which only the deployment identity writes and reads.
    containerGrants: concat(
      map(union([containers.input], hostContainers, taskHubContainers), c => {
        container: c
        principalId: identity.outputs.functionPrincipalId
        roleDefinitionId: roles.blobDataOwner
        reason: 'Function App: Functions host, durable task hub, upload trigger (${c})'
      }),
      map(union([containers.work, containers.output], destinationContainers), c => {
        container: c
        principalId: identity.outputs.functionPrincipalId
        roleDefinitionId: roles.blobDataContributor
        reason: 'Function App: pages, results, outputs, output copies (${c})'
      }),
      map(sourceContainers, c => {
        container: c
        principalId: identity.outputs.functionPrincipalId
        roleDefinitionId: roles.blobDataReader
        reason: 'Function App: documents read from an allowed source (${c})'
      }),
      [
        {
          container: deploymentContainer
          principalId: identity.outputs.deploymentPrincipalId
          roleDefinitionId: roles.blobDataContributor
          reason: 'Flex Consumption deployment: uploads and downloads the Function App package'
        }
      ]
    )
    tags: allTags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'folio-registry'
  scope: rg
  params: {
    location: location
    registryName: registryName
    sku: registrySku
    publicAccess: publicAccess
    roleGrants: [
      {
        principalId: identity.outputs.appsPrincipalId
        roleDefinitionId: roles.acrPull
        reason: 'Container apps pull their images'
      }
    ]
    tags: allTags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'folio-keyvault'
  scope: rg
  params: {
    location: location
    vaultName: vaultName
    inferenceApiKey: inferenceApiKey
    apiKeySecretName: apiKeySecretName
    callbackSecret: callbackSecret
    callbackSecretName: callbackSecretName
    publicAccess: publicAccess
    roleGrants: [
      for who in ['function', 'apps']: {
        principalId: who == 'function' ? identity.outputs.functionPrincipalId : identity.outputs.appsPrincipalId
        roleDefinitionId: roles.keyVaultSecretsUser
        reason: who == 'function'
          ? 'The function identity reads the inference API key and the callback signing key'
          : 'The apps identity reads the inference API key'
      }
    ]
    tags: allTags
  }
}

// Only with vLLM; the module refuses a key shorter than 32 characters, so an empty key (which vLLM would take as
// "no key required") fails the deployment. Without vLLM the module is skipped; the stand-in value only keeps it valid
// for a validation that looks at skipped modules' parameters too, and is never stored.
module vllmKey 'modules/vaultsecret.bicep' = if (enableVllm) {
  name: 'folio-vllm-key'
  scope: rg
  params: {
    vaultName: vaultName
    secretName: vllmKeySecretName
    value: enableVllm ? vllmApiKey : 'vllm-disabled-0000000000000000000000000000'
  }
  dependsOn: [
    keyVault
  ]
}

// The VNet's way to the storage account, Key Vault and registry (the registry's only on Premium, the one SKU with
// private endpoints).
module privateEndpoints 'modules/privateendpoints.bicep' = {
  name: 'folio-private-endpoints'
  scope: rg
  params: {
    location: location
    vnetId: network.outputs.vnetId
    subnetId: network.outputs.privateEndpointsSubnetId
    storageAccountName: storageAccountName
    vaultName: vaultName
    registryName: registrySku == 'Premium' ? registryName : ''
    tags: allTags
  }
  dependsOn: [
    storage
    keyVault
    registry
  ]
}

module apps 'modules/containerapps.bicep' = {
  name: 'folio-container-apps'
  scope: rg
  params: {
    location: location
    environmentName: 'cae-folio-${environmentName}'
    subnetId: network.outputs.appsSubnetId
    vnetId: network.outputs.vnetId
    workspaceId: monitoring.outputs.workspaceId
    gpuProfileType: gpuProfileType
    appsIdentityId: identity.outputs.appsIdentityId
    registryServer: registry.outputs.loginServer
    inferenceImageTag: imageTag
    inferenceMaxReplicas: inferenceMaxReplicas
    inferenceConcurrentRequests: inferenceConcurrentRequests
    inferenceDevice: inferenceDevice
    apiKeySecretUri: keyVault.outputs.apiKeySecretUri
    enableVllm: enableVllm
    vllmImage: vllmImage
    vllmModelRevision: vllmModelRevision
    vllmApiKeySecretUri: enableVllm ? vllmKey!.outputs.secretUri : ''
    vllmMaxReplicas: vllmMaxReplicas
    tags: allTags
  }
  // The apps pull images and read Key Vault secrets through the private endpoints.
  dependsOn: [
    privateEndpoints
  ]
}

module events 'modules/events.bicep' = if (enableEventGridTopic) {
  name: 'folio-events'
  scope: rg
  params: {
    location: location
    topicName: 'evgt-folio-${environmentName}-${suffix}'
    roleGrants: [
      {
        principalId: identity.outputs.functionPrincipalId
        roleDefinitionId: roles.eventGridDataSender
        reason: 'Function App publishes the jobs\' completion events'
      }
    ]
    tags: allTags
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'folio-function-app'
  scope: rg
  params: {
    location: location
    appName: 'func-folio-${environmentName}-${suffix}'
    planName: 'plan-folio-${environmentName}'
    identityId: identity.outputs.functionIdentityId
    identityClientId: identity.outputs.functionClientId
    identityPrincipalId: identity.outputs.functionPrincipalId
    deploymentIdentityId: identity.outputs.deploymentIdentityId
    subnetId: network.outputs.functionsSubnetId
    storageAccountName: storage.outputs.accountName
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    deploymentContainer: deploymentContainer
    containers: containers
    taskHubName: taskHubName
    inferenceUrl: apps.outputs.inferenceUrl
    apiKeySecretUri: keyVault.outputs.apiKeySecretUri
    notifications: {
      callbackHosts: callbackHosts
      callbackSecretUri: empty(callbackSecret) ? '' : keyVault.outputs.callbackSecretUri
      eventGridEndpoint: enableEventGridTopic ? events!.outputs.endpoint : ''
    }
    appInsightsName: appInsightsName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    dotnetVersion: dotnetVersion
    maximumInstanceCount: functionMaximumInstanceCount
    instanceMemoryMB: functionInstanceMemoryMB
    tuning: functionTuning
    access: documentAccess
    // The app purges a job's history with its outputs; the storage lifecycle rules delete the blobs too.
    retentionDays: outputRetentionDays
    eventTopicName: '${storageAccountName}-events'
    subscribeUploads: subscribeUploads
    tags: allTags
  }
  // The host reaches its storage and its Key Vault references through the private endpoints.
  dependsOn: [
    privateEndpoints
  ]
}

@description('Resource group of the deployment.')
output resourceGroupName string = rg.name

@description('Function App name (for az functionapp / func publish).')
output functionAppName string = functionApp.outputs.appName

@description('Base URL of the documents API: POST {url}/documents, GET {url}/documents/{id} (function key required).')
output functionUrl string = functionApp.outputs.apiUrl

@description('Base URL of the inference service, reachable from the VNet only; empty until imageTag is set.')
output inferenceUrl string = apps.outputs.inferenceUrl

@description('OpenAI-compatible URL of the vLLM server; empty unless enableVllm.')
output vllmUrl string = apps.outputs.vllmUrl

@description('Storage account of the documents and of the Functions host.')
output storageAccountName string = storage.outputs.accountName

@description('Upload, work and output containers.')
output storageContainers {
  input: string
  work: string
  output: string
} = containers

@description('Registry name (az acr build --registry).')
output registryName string = registry.outputs.registryName

@description('Registry login server (images: LOGIN_SERVER/folio-inference:TAG).')
output registryLoginServer string = registry.outputs.loginServer

@description('Key Vault holding the inference API key and the callback signing key.')
output keyVaultName string = keyVault.outputs.vaultName

@description('Event Grid topic of the completion events (subscribe to it); empty unless enableEventGridTopic.')
output eventGridTopicName string = enableEventGridTopic ? events!.outputs.topicName : ''

@description('azd: the resource group of the services (azure.yaml).')
output AZURE_RESOURCE_GROUP string = rg.name

@description('azd: the registry that `azd publish inference` builds and pushes the inference image to.')
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer

// Production: more GPU replicas and Function instances, longer retention, the A100 profile and the vLLM server
// as options. Secrets and the image tag come from the environment, as in dev.bicepparam.
// The storage account, Key Vault and registry refuse public traffic (main.bicep's default), but for the addresses
// of FOLIO_ALLOWED_IPS (comma-separated: a build agent, an office). FOLIO_PUBLIC_NETWORK_ACCESS=true opens them for
// a release that needs it (an `az acr build` push, README "Network access") until the next deployment without it.
using 'main.bicep'

var allowedIps = readEnvironmentVariable('FOLIO_ALLOWED_IPS', '')

param environmentName = 'prod'
param inferenceApiKey = readEnvironmentVariable('FOLIO_INFERENCE_API_KEY')
param imageTag = readEnvironmentVariable('FOLIO_IMAGE_TAG', '')
param subscribeUploads = bool(readEnvironmentVariable('FOLIO_SUBSCRIBE_UPLOADS', 'false'))
param callbackSecret = readEnvironmentVariable('FOLIO_CALLBACK_SECRET', '')
param vllmApiKey = readEnvironmentVariable('FOLIO_VLLM_API_KEY', '')
param allowPublicNetworkAccess = bool(readEnvironmentVariable('FOLIO_PUBLIC_NETWORK_ACCESS', 'false'))
param publicNetworkAllowedIps = empty(allowedIps) ? [] : split(allowedIps, ',')

// 'Consumption-GPU-NC24-A100' for the largest documents or when the VLM backend shares the profile.
param gpuProfileType = 'Consumption-GPU-NC8as-T4'
param inferenceMaxReplicas = 4
param inferenceConcurrentRequests = 8
param enableVllm = false
param functionMaximumInstanceCount = 40
param inputRetentionDays = 30
param workRetentionDays = 7
param outputRetentionDays = 0
param logRetentionDays = 90
param logDailyQuotaGb = 5
param registrySku = 'Premium' // the one SKU that can be closed and has private endpoints
param tags = {
  owner: 'folio'
}

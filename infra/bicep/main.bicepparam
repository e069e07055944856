// Parameters of `azd up` (azure.yaml): azd compiles this file with its environment's values. The environment's name
// is environmentName, so `azd env new dev` deploys the values of dev.bicepparam and `azd env new prod` those of
// prod.bicepparam (scripts/check-azd.py keeps them equal); azd passes AZURE_LOCATION as the deployment's location.
// Set once per environment: azd env set FOLIO_INFERENCE_API_KEY "$(openssl rand -hex 32)"
using 'main.bicep'

var name = readEnvironmentVariable('AZURE_ENV_NAME')
var prod = name == 'prod'
// The image `azd publish inference` pushed last (SERVICE_INFERENCE_IMAGE_NAME = REGISTRY/folio-inference:TAG);
// empty before the first one, and the inference app waits for it. FOLIO_IMAGE_TAG, when set, wins.
var publishedTag = last(split(readEnvironmentVariable('SERVICE_INFERENCE_IMAGE_NAME', ''), ':'))
var allowedIps = readEnvironmentVariable('FOLIO_ALLOWED_IPS', '')

param environmentName = name
param inferenceApiKey = readEnvironmentVariable('FOLIO_INFERENCE_API_KEY')
param imageTag = readEnvironmentVariable('FOLIO_IMAGE_TAG', publishedTag)
param subscribeUploads = bool(readEnvironmentVariable('FOLIO_SUBSCRIBE_UPLOADS', 'false'))
param callbackSecret = readEnvironmentVariable('FOLIO_CALLBACK_SECRET', '')
param vllmApiKey = readEnvironmentVariable('FOLIO_VLLM_API_KEY', '')
// dev: open to public networks; prod: closed but for FOLIO_ALLOWED_IPS, opened by FOLIO_PUBLIC_NETWORK_ACCESS=true.
param allowPublicNetworkAccess = prod ? bool(readEnvironmentVariable('FOLIO_PUBLIC_NETWORK_ACCESS', 'false')) : true
param publicNetworkAllowedIps = prod && !empty(allowedIps) ? split(allowedIps, ',') : []

param gpuProfileType = 'Consumption-GPU-NC8as-T4'
param inferenceMaxReplicas = prod ? 4 : 1
param inferenceConcurrentRequests = 8
param enableVllm = false
param functionMaximumInstanceCount = prod ? 40 : 10
param inputRetentionDays = prod ? 30 : 7
param workRetentionDays = prod ? 7 : 2
param outputRetentionDays = prod ? 0 : 14
param logRetentionDays = prod ? 90 : 30
param logDailyQuotaGb = prod ? 5 : 1
param registrySku = prod ? 'Premium' : 'Basic'
param tags = {
  owner: prod ? 'folio' : 'folio-dev'
}

// Production: more GPU replicas and Function instances, longer retention, the A100 profile and the vLLM server
// as options. Secrets and the image tag come from the environment, as in dev.bicepparam.
using 'main.bicep'

param environmentName = 'prod'
param inferenceApiKey = readEnvironmentVariable('FOLIO_INFERENCE_API_KEY')
param imageTag = readEnvironmentVariable('FOLIO_IMAGE_TAG', '')
param subscribeUploads = bool(readEnvironmentVariable('FOLIO_SUBSCRIBE_UPLOADS', 'false'))
param callbackSecret = readEnvironmentVariable('FOLIO_CALLBACK_SECRET', '')

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
param registrySku = 'Standard'
param tags = {
  owner: 'folio'
}

// Development: small limits, T4 GPU, short retention. Secrets and the image tag come from the environment:
//   export FOLIO_CALLBACK_SECRET=$(openssl rand -hex 32)     # only with callbackHosts: signs the job callbacks
//   export FOLIO_INFERENCE_API_KEY=$(openssl rand -hex 32)   # keep it: redeploys must pass the same key
//   export FOLIO_IMAGE_TAG=...                                # empty on the first deployment (README)
//   export FOLIO_VLLM_API_KEY=$(openssl rand -hex 32)        # only with enableVllm
// The storage account, Key Vault and registry are open to public networks here (main.bicep closes them by default):
// a development machine uploads documents, reads results, and `az acr build` pushes to the Basic registry, which
// cannot be closed. prod.bicepparam keeps them closed.
using 'main.bicep'

param environmentName = 'dev'
param inferenceApiKey = readEnvironmentVariable('FOLIO_INFERENCE_API_KEY')
param imageTag = readEnvironmentVariable('FOLIO_IMAGE_TAG', '')
param subscribeUploads = bool(readEnvironmentVariable('FOLIO_SUBSCRIBE_UPLOADS', 'false'))
param callbackSecret = readEnvironmentVariable('FOLIO_CALLBACK_SECRET', '')
param vllmApiKey = readEnvironmentVariable('FOLIO_VLLM_API_KEY', '')

param gpuProfileType = 'Consumption-GPU-NC8as-T4'
param inferenceMaxReplicas = 1
param enableVllm = false
param functionMaximumInstanceCount = 10
param inputRetentionDays = 7
param workRetentionDays = 2
param outputRetentionDays = 14
param logRetentionDays = 30
param logDailyQuotaGb = 1
param registrySku = 'Basic'
param allowPublicNetworkAccess = true
param tags = {
  owner: 'folio-dev'
}

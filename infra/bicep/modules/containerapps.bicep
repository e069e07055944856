// Container Apps environment on the virtual network with an internal load balancer (no public endpoint), a
// serverless GPU workload profile, the inference app on it, and optionally a vLLM server for the VLM backend.
//
// Reachability: the environment is internal, so nothing in it is reachable from the internet. The inference
// app's ingress is "external" *within that internal environment*, which Azure calls "limited to VNet": the
// Function App reaches it through its VNet integration. (Ingress `external: false` would limit it to other apps
// of the environment, and the functions could not call it.) It also requires the X-Api-Key header. The vLLM app
// is reached only by apps of the environment (`external: false`).

import { GpuProfileType, Tags } from 'types.bicep'

@description('Azure region (serverless GPUs are offered in a few regions only).')
param location string

@description('Container Apps environment name.')
param environmentName string

@description('Resource id of the environment subnet.')
param subnetId string

@description('Resource id of the virtual network (for the private DNS link).')
param vnetId string

@description('Resource id of the Log Analytics workspace that receives the environment logs.')
param workspaceId string

@description('GPU workload profile of the inference app.')
param gpuProfileType GpuProfileType

@description('Resource id of the container apps identity (AcrPull, Key Vault Secrets User).')
param appsIdentityId string

@description('Registry login server the images come from.')
param registryServer string

@description('Tag of REGISTRY/folio-inference; empty: the app is not created yet (first deployment, before the image is pushed).')
param inferenceImageTag string

@description('Most replicas of the inference app (each one is one GPU).')
@minValue(1)
@maxValue(20)
param inferenceMaxReplicas int

@description('Concurrent requests per replica before another replica starts (match Inference__MaxPagesInFlight).')
@minValue(1)
param inferenceConcurrentRequests int

@description('Ocr:Device of the inference service: Cuda fails readiness when the GPU is unusable instead of running slowly on CPU.')
@allowed([
  'Auto'
  'Cuda'
  'Cpu'
])
param inferenceDevice string

@description('Key Vault secret URI of the inference API key.')
param apiKeySecretUri string

@description('Whether to create the vLLM app (PaddleOCR-VL on an A100 profile).')
param enableVllm bool

@description('vLLM server image (public, pinned tag).')
param vllmImage string

@description('Hugging Face commit of PaddlePaddle/PaddleOCR-VL that vLLM serves (weights, tokenizer and the model code it trusts).')
@minLength(40)
@maxLength(40)
param vllmModelRevision string

@description('Key Vault secret URI of the vLLM API key; empty unless enableVllm.')
param vllmApiKeySecretUri string

@description('Most replicas of the vLLM app.')
@minValue(1)
@maxValue(10)
param vllmMaxReplicas int

@description('Tags for every resource.')
param tags Tags

// Port the inference image listens on (src/Inference/Dockerfile: EXPOSE and ASPNETCORE_HTTP_PORTS).
var inferencePort = 8080
var vllmPort = 8000
var modelDirectory = '/app/models'
// The model vLLM serves, under the name /v1/models lists (Inference:Vlm:Model's default).
var vllmModel = 'PaddlePaddle/PaddleOCR-VL'
var vllmKeySecret = {
  name: 'vllm-api-key'
  keyVaultUrl: vllmApiKeySecretUri
  identity: appsIdentityId
}

var a100 = 'Consumption-GPU-NC24-A100'
// Serverless GPU profiles take the whole card; the container asks for the profile's full CPU and memory.
var gpuResources = {
  'Consumption-GPU-NC8as-T4': {
    cpu: json('8.0')
    memory: '56Gi'
  }
  'Consumption-GPU-NC24-A100': {
    cpu: json('24.0')
    memory: '220Gi'
  }
}
var vllmProfileName = gpuProfileType == a100 ? 'gpu' : 'gpu-a100'
var baseProfiles = [
  {
    name: 'Consumption'
    workloadProfileType: 'Consumption'
  }
  {
    name: 'gpu'
    workloadProfileType: gpuProfileType
  }
]
var vllmProfiles = enableVllm && gpuProfileType != a100
  ? [
      {
        name: vllmProfileName
        workloadProfileType: a100
      }
    ]
  : []

resource environment 'Microsoft.App/managedEnvironments@2026-07-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    vnetConfiguration: {
      infrastructureSubnetId: subnetId
      internal: true
    }
    workloadProfiles: concat(baseProfiles, vllmProfiles)
    // Logs go to Log Analytics through the diagnostic setting below (no workspace key in the template).
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    zoneRedundant: false
  }
}

// 2021-05-01-preview is the newest version of this type and the one Azure documents; the linter offers only
// 2016-09-01 (a legacy shape whose name must be 'service').
#disable-next-line use-recent-api-versions
resource environmentLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: environment
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

module dns 'privatedns.bicep' = {
  name: 'folio-aca-dns'
  params: {
    // The zone is named after the environment's generated domain, known only once it exists; what-if cannot
    // predict the zone on the first deployment, and that is all this costs.
    #disable-next-line what-if-short-circuiting
    zoneName: environment.properties.defaultDomain
    staticIp: environment.properties.staticIp
    vnetId: vnetId
    tags: tags
  }
}

// `azd deploy inference` (azure.yaml) finds the app by its azd-service-name tag.
resource inference 'Microsoft.App/containerApps@2026-07-01' = if (!empty(inferenceImageTag)) {
  name: 'ca-folio-inference'
  location: location
  tags: union(tags, { 'azd-service-name': 'inference' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${appsIdentityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'gpu'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true // within an internal environment: reachable from the VNet only, see the top of this file
        targetPort: inferencePort
        transport: 'http'
        allowInsecure: false
      }
      registries: [
        {
          server: registryServer
          identity: appsIdentityId
        }
      ]
      // With vLLM, the key the inference service sends it too.
      secrets: concat(
        [
          {
            name: 'inference-api-key'
            keyVaultUrl: apiKeySecretUri
            identity: appsIdentityId
          }
        ],
        enableVllm ? [vllmKeySecret] : []
      )
    }
    template: {
      containers: [
        {
          name: 'inference'
          image: '${registryServer}/folio-inference:${inferenceImageTag}'
          resources: gpuResources[gpuProfileType]
          env: [
            {
              name: 'Inference__ApiKey'
              secretRef: 'inference-api-key'
            }
            {
              name: 'Ocr__ModelDirectory'
              value: modelDirectory
            }
            {
              name: 'Ocr__Device'
              value: inferenceDevice
            }
            {
              name: 'Inference__MaxPagesInFlight'
              value: string(inferenceConcurrentRequests)
            }
            // The bearer token of the vLLM server; its URL (Inference__Vlm__ServerUrl) is set by hand (README).
            enableVllm
              ? {
                  name: 'Inference__Vlm__ApiKey'
                  secretRef: vllmKeySecret.name
                }
              : {
                  name: 'Inference__Vlm__ApiKey'
                  value: ''
                }
          ]
          probes: [
            {
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: inferencePort
              }
              initialDelaySeconds: 5
              periodSeconds: 15
              failureThreshold: 3
            }
            {
              // 503 until the models are loaded and warmed up on the GPU.
              type: 'Readiness'
              httpGet: {
                path: '/readyz'
                port: inferencePort
              }
              initialDelaySeconds: 5
              periodSeconds: 5
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: 0
        maxReplicas: inferenceMaxReplicas
        rules: [
          {
            name: 'http-pages'
            http: {
              metadata: {
                concurrentRequests: string(inferenceConcurrentRequests)
              }
            }
          }
        ]
      }
    }
  }
}

resource vllm 'Microsoft.App/containerApps@2026-07-01' = if (enableVllm) {
  name: 'ca-folio-vllm'
  location: location
  tags: tags
  // Reads its API key from Key Vault.
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${appsIdentityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: vllmProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: false // only the apps of this environment (the inference service) call it
        targetPort: vllmPort
        transport: 'http'
        allowInsecure: true
      }
      secrets: [
        vllmKeySecret
      ]
    }
    template: {
      containers: [
        {
          name: 'vllm'
          image: vllmImage
          command: [
            'vllm'
          ]
          // The serving recipe of PaddleOCR-VL on vLLM (shared/reference.md), on port vllmPort, on one commit of
          // the model repository. That repository carries PaddleOCR-VL's own Python code (its configuration and
          // image processor classes), which vLLM and transformers load only with --trust-remote-code: that code runs
          // in this container, so it is trusted only at the pinned commit (--revision for the weights and config, --code-revision for the
          // Python files, --tokenizer-revision for the tokenizer), never at whatever the repository holds at start.
          args: [
            'serve'
            vllmModel
            '--revision'
            vllmModelRevision
            '--code-revision'
            vllmModelRevision
            '--tokenizer-revision'
            vllmModelRevision
            '--trust-remote-code'
            '--max-num-batched-tokens'
            '16384'
            '--no-enable-prefix-caching'
            '--mm-processor-cache-gb'
            '0'
            '--host'
            '0.0.0.0'
            '--port'
            string(vllmPort)
          ]
          // vLLM takes VLLM_API_KEY as --api-key: every /v1 request needs "Authorization: Bearer KEY" (/health is
          // open to the probes). An environment variable, not an argument, so the key stays a secret reference.
          env: [
            {
              name: 'VLLM_API_KEY'
              secretRef: vllmKeySecret.name
            }
          ]
          resources: gpuResources[a100]
          probes: [
            {
              // The model is downloaded and loaded at start: allow 60 + 10 x 24 = 300 s.
              type: 'Startup'
              httpGet: {
                path: '/health'
                port: vllmPort
              }
              initialDelaySeconds: 60
              periodSeconds: 24
              failureThreshold: 10
              timeoutSeconds: 5
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/health'
                port: vllmPort
              }
              periodSeconds: 30
              failureThreshold: 3
              timeoutSeconds: 5
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/health'
                port: vllmPort
              }
              periodSeconds: 10
              failureThreshold: 3
              timeoutSeconds: 5
            }
          ]
        }
      ]
      scale: {
        minReplicas: 0
        maxReplicas: vllmMaxReplicas
        rules: [
          {
            name: 'http-requests'
            http: {
              metadata: {
                // PaddleOCR-VL serving is designed for a concurrency of 1 per endpoint; vLLM batches a few.
                concurrentRequests: '4'
              }
            }
          }
        ]
      }
    }
  }
}

@description('Container Apps environment name.')
output environmentName string = environment.name

@description('Default domain of the environment (private DNS zone of the VNet).')
output defaultDomain string = environment.properties.defaultDomain

@description('Base URL of the inference service (reachable from the VNet); empty until the image is deployed.')
output inferenceUrl string = empty(inferenceImageTag)
  ? ''
  : 'https://${inference!.properties.configuration.ingress.fqdn}/'

@description('OpenAI-compatible base URL of the vLLM server (reachable from apps of the environment); empty when disabled.')
output vllmUrl string = enableVllm ? 'https://${vllm!.properties.configuration.ingress.fqdn}/v1' : ''

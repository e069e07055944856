// User-assigned managed identities: one for the Function App (storage, Key Vault, telemetry), one for the Flex
// Consumption platform's deployment storage (writes and reads the package in its container, nothing else), one for
// the container apps (AcrPull, Key Vault). The inference service holds no storage rights.

import { Tags } from 'types.bicep'

@description('Azure region.')
param location string

@description('Name of the Function App identity.')
param functionIdentityName string

@description('Name of the identity of the Function App\'s deployment storage.')
param deploymentIdentityName string

@description('Name of the container apps identity.')
param appsIdentityName string

@description('Tags for every resource.')
param tags Tags

resource functionIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: functionIdentityName
  location: location
  tags: tags
}

resource deploymentIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: deploymentIdentityName
  location: location
  tags: tags
}

resource appsIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: appsIdentityName
  location: location
  tags: tags
}

@description('Function App identity: resource id.')
output functionIdentityId string = functionIdentity.id

@description('Function App identity: client id.')
output functionClientId string = functionIdentity.properties.clientId

@description('Function App identity: principal (object) id.')
output functionPrincipalId string = functionIdentity.properties.principalId

@description('Deployment storage identity: resource id.')
output deploymentIdentityId string = deploymentIdentity.id

@description('Deployment storage identity: principal (object) id.')
output deploymentPrincipalId string = deploymentIdentity.properties.principalId

@description('Container apps identity: resource id.')
output appsIdentityId string = appsIdentity.id

@description('Container apps identity: principal (object) id.')
output appsPrincipalId string = appsIdentity.properties.principalId

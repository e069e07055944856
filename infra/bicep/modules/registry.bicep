// Azure Container Registry for the inference image (and the Functions image, for hosts that run containers).
// No admin user: the container apps pull with their managed identity (AcrPull).

import { RoleGrant, Tags } from 'types.bicep'

@description('Azure region.')
param location string

@description('Registry name (5-50 letters and digits).')
@minLength(5)
@maxLength(50)
param registryName string

@description('Registry SKU. Basic is enough for a few images; Premium adds artifact streaming (faster GPU cold starts).')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param sku string

@description('Role assignments on the registry.')
param roleGrants RoleGrant[]

@description('Tags for every resource.')
param tags Tags

resource registry 'Microsoft.ContainerRegistry/registries@2025-11-01' = {
  name: registryName
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

resource grants 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in roleGrants: {
    name: guid(registry.id, grant.principalId, grant.roleDefinitionId)
    scope: registry
    properties: {
      principalId: grant.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.roleDefinitionId)
      description: grant.reason
    }
  }
]

@description('Registry name.')
output registryName string = registry.name

@description('Login server, e.g. NAME.azurecr.io.')
output loginServer string = registry.properties.loginServer

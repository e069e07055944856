// Azure Container Registry for the inference image (and the Functions image, for hosts that run containers).
// No admin user: the container apps pull with their managed identity (AcrPull).
// Network: the public endpoint is closed unless publicAccess opens it; the container apps pull through the
// registry's private endpoint (privateendpoints.bicep). Closing it, a private endpoint and an address list all need
// the Premium SKU: Azure refuses a closed Basic or Standard registry (DisablingPublicNetworkAccessNotSupported).
// ACR Tasks builds (az acr build, azd publish with remoteBuild) run outside the VNet, so a closed registry takes no
// build pushes; trusted Azure services (az acr import) still get through (networkRuleBypassOptions).

import { PublicAccess, RoleGrant, Tags } from 'types.bicep'

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

@description('Who may reach the public endpoint.')
param publicAccess PublicAccess

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
    // Disabled unless publicAccess opens it; with addresses only, the firewall denies all others.
    publicNetworkAccess: publicAccess.allowAll || !empty(publicAccess.allowedIps) ? 'Enabled' : 'Disabled'
    networkRuleBypassOptions: 'AzureServices'
    // Network rules exist on Premium only; an open registry of another SKU sends none.
    networkRuleSet: publicAccess.allowAll
      ? null
      : {
          defaultAction: 'Deny'
          ipRules: map(publicAccess.allowedIps, ip => { action: 'Allow', value: ip })
        }
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

@description('Resource id of the registry.')
output registryId string = registry.id

@description('Login server, e.g. NAME.azurecr.io.')
output loginServer string = registry.properties.loginServer

// Key Vault holding the inference API key. The Function App reads it through a Key Vault reference and the
// container apps through a Key Vault secret reference, both with their managed identities (RBAC, no access
// policies), so the key is in no app setting or template output.

import { RoleGrant, Tags } from 'types.bicep'

@description('Azure region.')
param location string

@description('Key Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param vaultName string

@description('The API key the inference service requires in X-Api-Key.')
@secure()
param inferenceApiKey string

@description('Name of the secret that holds the API key.')
param apiKeySecretName string

@description('Role assignments on the vault.')
param roleGrants RoleGrant[]

@description('Tags for every resource.')
param tags Tags

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }

  resource apiKey 'secrets' = {
    name: apiKeySecretName
    properties: {
      value: inferenceApiKey
      contentType: 'text/plain'
    }
  }
}

resource grants 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in roleGrants: {
    name: guid(vault.id, grant.principalId, grant.roleDefinitionId)
    scope: vault
    properties: {
      principalId: grant.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.roleDefinitionId)
      description: grant.reason
    }
  }
]

@description('Vault name.')
output vaultName string = vault.name

@description('URI of the API key secret without a version (references follow the latest version).')
output apiKeySecretUri string = vault::apiKey.properties.secretUri

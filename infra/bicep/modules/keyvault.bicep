// Key Vault holding the inference API key and, when callbacks are on, the key that signs them. The Function App reads
// them through Key Vault references and the container apps the API key through a Key Vault secret reference, all with
// their managed identities (RBAC, no access policies), so no secret is in an app setting or template output.
// Network: the public endpoint is closed unless publicAccess opens it; the apps read the secrets through the
// vault's private endpoint (privateendpoints.bicep), and the deployment writes them through Azure Resource
// Manager, which the vault's firewall does not apply to.

import { PublicAccess, RoleGrant, Tags } from 'types.bicep'

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

@description('HMAC key that signs the job callbacks; empty: no secret (callbacks off).')
@secure()
param callbackSecret string

@description('Name of the secret that holds the callback signing key.')
param callbackSecretName string

@description('Role assignments on the vault.')
param roleGrants RoleGrant[]

@description('Who may reach the public endpoint.')
param publicAccess PublicAccess

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
    // Disabled unless publicAccess opens it; with addresses only, the firewall denies all others.
    publicNetworkAccess: publicAccess.allowAll || !empty(publicAccess.allowedIps) ? 'Enabled' : 'Disabled'
    networkAcls: {
      defaultAction: publicAccess.allowAll ? 'Allow' : 'Deny'
      bypass: 'AzureServices'
      ipRules: map(publicAccess.allowedIps, ip => { value: ip })
      virtualNetworkRules: []
    }
  }

  resource apiKey 'secrets' = {
    name: apiKeySecretName
    properties: {
      value: inferenceApiKey
      contentType: 'text/plain'
    }
  }

  resource signingKey 'secrets' = if (!empty(callbackSecret)) {
    name: callbackSecretName
    properties: {
      value: callbackSecret
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

@description('Resource id of the vault.')
output vaultId string = vault.id

@description('URI of the API key secret without a version (references follow the latest version).')
output apiKeySecretUri string = vault::apiKey.properties.secretUri

@description('URI of the callback signing key secret without a version (it exists only when a key was given).')
output callbackSecretUri string = '${vault.properties.vaultUri}secrets/${callbackSecretName}'

// One secret in an existing Key Vault, for a secret that exists only with an optional feature (the vLLM server's API
// key): main.bicep deploys this module only when the feature is on, so the value's length is checked exactly then.

@description('Name of the existing vault.')
param vaultName string

@description('Secret name.')
param secretName string

@description('Secret value (32+ characters).')
@secure()
@minLength(32)
param value string

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: vaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: secretName
  properties: {
    value: value
    contentType: 'text/plain'
  }
}

@description('URI of the secret without a version (references follow the latest version).')
output secretUri string = secret.properties.secretUri

// Private endpoints of the storage account (blob, queue, table), Key Vault and the registry in the VNet, with the
// private DNS zones that make their usual names (ACCOUNT.blob.core.windows.net, VAULT.vault.azure.net,
// REGISTRY.azurecr.io) resolve to the endpoints' addresses inside the VNet. The Function App (VNet integration) and
// the Container Apps environment use the VNet's DNS, so their clients need no other setting; their traffic to those
// services stays in the VNet, and the services' public endpoints can stay closed (main.bicep, publicAccess).

import { Tags } from 'types.bicep'

@description('Azure region.')
param location string

@description('Resource id of the virtual network the zones are linked to.')
param vnetId string

@description('Resource id of the subnet the endpoints are placed in.')
param subnetId string

@description('Storage account (in this resource group).')
param storageAccountName string

@description('Key Vault (in this resource group).')
param vaultName string

@description('Registry (in this resource group); empty: no endpoint (only Premium registries have them).')
param registryName string

@description('Tags for every resource.')
param tags Tags

var storageSubresources = ['blob', 'queue', 'table']
// One zone per sub-resource. Key Vault names are VAULT.vault.azure.net, its private link zone is
// privatelink.vaultcore.azure.net (in the public cloud; the suffixes follow the cloud).
var storageZones = map(storageSubresources, sub => 'privatelink.${sub}.${environment().suffixes.storage}')
var vaultZone = 'privatelink${replace(environment().suffixes.keyvaultDns, '.vault.', '.vaultcore.')}'
var registryZone = 'privatelink${environment().suffixes.acrLoginServer}'
var zoneNames = concat(storageZones, [vaultZone], empty(registryName) ? [] : [registryZone])

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: vaultName
}

resource registry 'Microsoft.ContainerRegistry/registries@2025-11-01' existing = if (!empty(registryName)) {
  name: registryName
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for zone in zoneNames: {
    name: zone
    location: 'global'
    tags: tags
  }
]

resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (zone, i) in zoneNames: {
    parent: zones[i]
    name: 'vnet-link'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnetId
      }
    }
  }
]

var endpoints = concat(
  map(range(0, length(storageSubresources)), i => {
    name: 'pe-${storageAccountName}-${storageSubresources[i]}'
    target: account.id
    groupId: storageSubresources[i]
    zone: i
  }),
  [
    {
      name: 'pe-${vaultName}'
      target: vault.id
      groupId: 'vault'
      zone: length(storageSubresources)
    }
  ],
  empty(registryName)
    ? []
    : [
        {
          name: 'pe-${registryName}'
          target: registry!.id
          groupId: 'registry'
          zone: length(storageSubresources) + 1
        }
      ]
)

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2026-03-01' = [
  for e in endpoints: {
    name: e.name
    location: location
    tags: tags
    properties: {
      subnet: {
        id: subnetId
      }
      privateLinkServiceConnections: [
        {
          name: e.name
          properties: {
            privateLinkServiceId: e.target
            groupIds: [
              e.groupId
            ]
          }
        }
      ]
    }
  }
]

// The zone group writes and keeps the endpoint's A records in its zone.
resource dnsGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2026-03-01' = [
  for (e, i) in endpoints: {
    parent: privateEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: replace(zoneNames[e.zone], '.', '-')
          properties: {
            privateDnsZoneId: zones[e.zone].id
          }
        }
      ]
    }
  }
]

// Private DNS for an internal Container Apps environment: its default domain resolves to the environment's
// internal load balancer inside the virtual network (where the Function App's VNet integration resolves names).
// A module of its own because the zone's name is only known once the environment exists.

import { Tags } from 'types.bicep'

@description('Default domain of the Container Apps environment.')
param zoneName string

@description('Static (internal) IP of the environment.')
param staticIp string

@description('Resource id of the virtual network to link.')
param vnetId string

@description('Tags for every resource.')
param tags Tags

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: zoneName
  location: 'global'
  tags: tags

  resource wildcard 'A' = {
    name: '*'
    properties: {
      ttl: 300
      aRecords: [
        {
          ipv4Address: staticIp
        }
      ]
    }
  }

  resource apex 'A' = {
    name: '@'
    properties: {
      ttl: 300
      aRecords: [
        {
          ipv4Address: staticIp
        }
      ]
    }
  }

  resource link 'virtualNetworkLinks' = {
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
}

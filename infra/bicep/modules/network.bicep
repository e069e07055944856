// Virtual network: one subnet for the Container Apps environment (workload profiles, internal load balancer), one
// for the Function App's outbound VNet integration, so the functions reach the inference app, which has no public
// endpoint, and one for the private endpoints of the storage account, Key Vault and registry, through which both
// reach those while their public endpoints are closed. The first two are delegated to Microsoft.App/environments
// (Flex Consumption requires it too); private endpoints take an undelegated subnet.

import { Tags } from 'types.bicep'

@description('Azure region.')
param location string

@description('Virtual network name.')
param vnetName string

@description('Address space of the virtual network.')
param addressPrefix string

@description('Subnet of the Container Apps environment (at least /27 for workload profiles).')
param appsSubnetPrefix string

@description('Subnet of the Function App VNet integration.')
param functionsSubnetPrefix string

@description('Subnet of the private endpoints.')
param privateEndpointsSubnetPrefix string

@description('Tags for every resource.')
param tags Tags

var delegation = [
  {
    name: 'Microsoft.App.environments'
    properties: {
      serviceName: 'Microsoft.App/environments'
    }
  }
]

resource vnet 'Microsoft.Network/virtualNetworks@2026-03-01' = {
  name: vnetName
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'snet-container-apps'
        properties: {
          addressPrefix: appsSubnetPrefix
          delegations: delegation
        }
      }
      {
        name: 'snet-functions'
        properties: {
          addressPrefix: functionsSubnetPrefix
          delegations: delegation
        }
      }
      {
        name: 'snet-private-endpoints'
        properties: {
          addressPrefix: privateEndpointsSubnetPrefix
        }
      }
    ]
  }

  resource appsSubnet 'subnets' existing = {
    name: 'snet-container-apps'
  }

  resource functionsSubnet 'subnets' existing = {
    name: 'snet-functions'
  }

  resource privateEndpointsSubnet 'subnets' existing = {
    name: 'snet-private-endpoints'
  }
}

@description('Resource id of the virtual network.')
output vnetId string = vnet.id

@description('Resource id of the Container Apps environment subnet.')
output appsSubnetId string = vnet::appsSubnet.id

@description('Resource id of the Function App integration subnet.')
output functionsSubnetId string = vnet::functionsSubnet.id

@description('Resource id of the private endpoints subnet.')
output privateEndpointsSubnetId string = vnet::privateEndpointsSubnet.id

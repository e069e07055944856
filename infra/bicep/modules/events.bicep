// Event Grid custom topic of the jobs' completion events (CloudEvents 1.0 input schema). The Function App publishes
// to it with its managed identity (EventGrid Data Sender on the topic); access keys are off. Subscribers are yours to
// add (az eventgrid event-subscription create --source-resource-id TOPIC_ID …).

import { RoleGrant, Tags } from 'types.bicep'

@description('Azure region.')
param location string

@description('Topic name.')
param topicName string

@description('Role assignments on the topic.')
param roleGrants RoleGrant[]

@description('Tags for every resource.')
param tags Tags

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: topicName
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource grants 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in roleGrants: {
    name: guid(topic.id, grant.principalId, grant.roleDefinitionId)
    scope: topic
    properties: {
      principalId: grant.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.roleDefinitionId)
      description: grant.reason
    }
  }
]

@description('Topic name.')
output topicName string = topic.name

@description('Endpoint the Function App publishes to (FOLIO_EVENTGRID_ENDPOINT).')
output endpoint string = topic.properties.endpoint

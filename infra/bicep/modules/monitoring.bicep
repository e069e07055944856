// Log Analytics workspace and workspace-based Application Insights (local auth off: the Function App sends
// telemetry with its managed identity, see functionapp.bicep).

import { Tags } from 'types.bicep'

@description('Azure region.')
param location string

@description('Log Analytics workspace name.')
param workspaceName string

@description('Application Insights component name.')
param appInsightsName string

@description('Days Log Analytics keeps data (30 is included in the ingestion price).')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Daily ingestion cap in GB (-1: none). Caps the worst-case bill of a noisy bug.')
param dailyQuotaGb int

@description('Tags for every resource.')
param tags Tags

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    workspaceCapping: {
      dailyQuotaGb: dailyQuotaGb
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
  }
}

@description('Resource id of the Log Analytics workspace.')
output workspaceId string = workspace.id

@description('Application Insights component name.')
output appInsightsName string = appInsights.name

@description('Application Insights connection string (not a secret: local auth is off, so it only names the target).')
output appInsightsConnectionString string = appInsights.properties.ConnectionString

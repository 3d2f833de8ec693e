// Log Analytics workspace and a workspace-based Application Insights that accepts only Entra ID-authenticated telemetry.

@description('Azure region.')
param location string

@description('Log Analytics workspace name.')
param workspaceName string

@description('Application Insights component name.')
param appInsightsName string

@description('Tags for every resource.')
param tags object

@description('Days to keep logs.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Telemetry must be sent with the app's managed identity (Monitoring Metrics Publisher), not the bare key.
    DisableLocalAuth: true
  }
}

output appInsightsName string = insights.name
output appInsightsConnectionString string = insights.properties.ConnectionString
output workspaceId string = workspace.id

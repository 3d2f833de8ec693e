// The Function App on Flex Consumption (.NET 10 isolated) with a system-assigned identity. Storage, Application
// Insights and the deployment package are all reached with that identity: no keys in app settings.

@description('Azure region.')
param location string

@description('Function App name; the Event Grid subscription and azd find the app by it.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Tags for every resource.')
param tags object

@description('Storage account holding the pipeline data and the runtime state.')
param storageAccountName string

@description('Blob container URL of the deployment package.')
param deploymentContainerUrl string

@description('Application Insights connection string (not a secret: ingestion requires Entra ID here).')
param appInsightsConnectionString string

@description('Absolute base of feed and article links.')
param feedsBaseUrl string

@description('Site title shown by feed readers.')
param feedsTitle string

@description('Key Vault URI for partner secrets.')
param keyVaultUri string

@description('Most instances Flex Consumption may scale out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance (MB).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': 'functions'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        // Identity-based connection of the triggers; the pipeline's store reads the same setting.
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storageAccountName
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'Authorization=AAD'
        }
        {
          name: 'Feeds__BaseUrl'
          value: feedsBaseUrl
        }
        {
          name: 'Feeds__Title'
          value: feedsTitle
        }
        {
          name: 'KeyVault__VaultUri'
          value: keyVaultUri
        }
      ]
    }
  }
}

output name string = app.name
output id string = app.id
output principalId string = app.identity.principalId
output defaultHostName string = app.properties.defaultHostName

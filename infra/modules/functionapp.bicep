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

@description('Absolute base of feed links (the public blob endpoint); empty: this app serves the feeds.')
param feedsBaseUrl string

@description('Home page linked from every feed; empty: the feed index.')
param siteUrl string

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
    }
  }
}

// Set after the site exists: the article link base is the app's own host name, known only then.
var appBase = 'https://${app.properties.defaultHostName}/api'
var feedsBase = empty(feedsBaseUrl) ? appBase : (endsWith(feedsBaseUrl, '/') ? take(feedsBaseUrl, length(feedsBaseUrl) - 1) : feedsBaseUrl)

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  // The publisher's site, when given, is also where relative canonical URLs of articles resolve (Feeds:SiteUrl).
  properties: union(empty(siteUrl) ? {} : { Feeds__SiteUrl: siteUrl }, {
    // Identity-based connection of the triggers; the pipeline's store reads the same setting.
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
    // Feeds live under {Feeds:BaseUrl}/feeds/: the public blob endpoint, or this app (/api/feeds/{path}).
    Feeds__BaseUrl: feedsBase
    // Article pages (/api/articles/{id}) are always served by this app.
    Feeds__ArticleBaseUrl: appBase
    Feeds__HomePageUrl: empty(siteUrl) ? '${feedsBase}/feeds/index.opml' : siteUrl
    Feeds__Title: feedsTitle
    KeyVault__VaultUri: keyVaultUri
  })
}

output name string = app.name
output id string = app.id
output principalId string = app.identity.principalId
output defaultHostName string = app.properties.defaultHostName

// Syndication on Azure: storage (containers, queues, public feeds), the Function App on Flex Consumption,
// monitoring, Key Vault, and the Event Grid subscription that feeds ArticleUploaded.
targetScope = 'resourceGroup'

@description('Short name of the environment; resource names derive from it.')
@minLength(2)
@maxLength(12)
param environmentName string

@description('Azure region (must offer Flex Consumption).')
param location string = resourceGroup().location

@description('Subscribe ArticleUploaded to blob-created events. Leave false on the first deployment; set true once the app code is published.')
param subscribeArticleEvents bool = false

@description('Site title shown by feed readers.')
param feedsTitle string = 'Syndication'

var suffix = uniqueString(subscription().id, resourceGroup().id, environmentName)
var name = '${environmentName}-${suffix}'
var storageAccountName = take('st${toLower(replace(environmentName, '-', ''))}${suffix}', 24)
var keyVaultName = take('kv-${environmentName}-${suffix}', 24)
var functionAppName = 'func-${name}'
var appInsightsName = 'appi-${name}'
// The blob-triggered function in Syndication.Functions; a test checks this against the built functions.metadata.
var articleUploadedFunction = 'ArticleUploaded'
var tags = {
  'azd-env-name': environmentName
  application: 'syndication'
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: storageAccountName
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: 'log-${name}'
    appInsightsName: appInsightsName
    tags: tags
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    name: keyVaultName
    tags: tags
  }
}

module functions 'modules/functionapp.bicep' = {
  name: 'functions'
  params: {
    location: location
    name: functionAppName
    planName: 'plan-${name}'
    tags: tags
    storageAccountName: storage.outputs.name
    feedsTitle: feedsTitle
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    feedsBaseUrl: storage.outputs.blobEndpoint
    keyVaultUri: vault.outputs.uri
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: functions.outputs.principalId
    functionAppName: functionAppName
    storageAccountName: storageAccountName
    keyVaultName: keyVaultName
    appInsightsName: appInsightsName
  }
}

module events 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  dependsOn: [
    storage
    functions
  ]
  params: {
    location: location
    name: name
    tags: tags
    storageAccountName: storageAccountName
    functionAppName: functionAppName
    functionName: articleUploadedFunction
    subscribe: subscribeArticleEvents
  }
}

output AZURE_FUNCTION_APP_NAME string = functions.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output FEEDS_URL string = storage.outputs.feedsUrl
output KEY_VAULT_NAME string = vault.outputs.name
output EVENT_GRID_TOPIC string = events.outputs.topicName

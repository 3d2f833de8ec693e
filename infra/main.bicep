// Syndication on Azure: storage (containers, queues, feeds public or private), the Function App on Flex
// Consumption, monitoring, Key Vault and the Event Grid system topic. The subscription that feeds
// ArticleUploaded is made by the azd postdeploy hook (infra/hooks), once the app's code runs.
targetScope = 'resourceGroup'

@description('Short name of the environment; resource names derive from it.')
@minLength(2)
@maxLength(12)
param environmentName string

@description('Azure region (must offer Flex Consumption).')
param location string = resourceGroup().location

@description('Serve feeds straight from a public blob container (true), or from the Function App with the storage account fully private (false: for subscriptions whose Azure Policy denies public blob access).')
param publicFeeds bool = true

@description('Recover the soft-deleted Key Vault of this environment instead of creating it (set by the preprovision hook when it finds one).')
param keyVaultRecover bool = false

@description('Turn on Key Vault purge protection. It cannot be turned off again, and the vault name then stays taken for 30 days after deletion; the preprovision hook recovers such a vault.')
param keyVaultPurgeProtection bool = false

@description('Site title shown by feed readers.')
param feedsTitle string = 'Syndication'

@description('Home page linked from every feed; empty: the feed index (index.opml) of this deployment.')
param siteUrl string = ''

var suffix = uniqueString(subscription().id, resourceGroup().id, environmentName)
var name = '${environmentName}-${suffix}'
var storageAccountName = take('st${toLower(replace(environmentName, '-', ''))}${suffix}', 24)
var keyVaultName = take('kv-${environmentName}-${suffix}', 24)
var functionAppName = 'func-${name}'
var appInsightsName = 'appi-${name}'
// The blob-triggered function in Syndication.Functions; a test checks this against the built functions.metadata.
var articleUploadedFunction = 'ArticleUploaded'
var articlesContainer = 'articles'
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
    publicFeeds: publicFeeds
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
    recover: keyVaultRecover
    purgeProtection: keyVaultPurgeProtection
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
    feedsBaseUrl: publicFeeds ? storage.outputs.blobEndpoint : ''
    siteUrl: siteUrl
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
  params: {
    location: location
    name: name
    tags: tags
    storageAccountId: storage.outputs.id
  }
}

output AZURE_RESOURCE_GROUP string = resourceGroup().name
output AZURE_FUNCTION_APP_NAME string = functions.outputs.name
output AZURE_FUNCTION_APP_URL string = 'https://${functions.outputs.defaultHostName}'
output AZURE_FUNCTION_PRINCIPAL_ID string = functions.outputs.principalId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output FEEDS_URL string = publicFeeds ? storage.outputs.feedsUrl : 'https://${functions.outputs.defaultHostName}/api/feeds/'
output KEY_VAULT_NAME string = vault.outputs.name
// What the postdeploy hook subscribes (infra/hooks/postdeploy.sh); a test checks it against the code.
output EVENT_GRID_TOPIC string = events.outputs.topicName
output ARTICLE_EVENTS_FUNCTION string = articleUploadedFunction
output ARTICLE_EVENTS_TYPE string = 'Microsoft.Storage.BlobCreated'
output ARTICLE_EVENTS_SUBJECT_PREFIX string = '/blobServices/default/containers/${articlesContainer}/'

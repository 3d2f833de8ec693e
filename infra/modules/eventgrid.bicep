// The Event Grid system topic of the storage account and the subscription that feeds the ArticleUploaded
// function: BlobCreated events under articles/ only, delivered to the Functions blob extension's webhook.

@description('Azure region.')
param location string

@description('Base name for the resources.')
param name string

@description('Tags for every resource.')
param tags object

@description('Storage account name.')
param storageAccountName string

@description('Function App name.')
param functionAppName string

@description('Name of the blob-triggered function (Syndication.Functions.ArticleUploaded); the webhook targets it by name.')
param functionName string

@description('Container whose uploads are articles.')
param articlesContainer string = 'articles'

@description('Create the subscription now. Event Grid validates the webhook on creation, so the app code must already run (second deployment).')
param subscribe bool

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: 'evgt-${name}'
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource articleUploaded 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = if (subscribe) {
  parent: topic
  name: 'articles-to-${toLower(functionName)}'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        // The blob extension's endpoint; its system key only exists once the app has started with the code.
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${listKeys('${app.id}/host/default', '2024-04-01').systemKeys.blobs_extension}'
        maxEventsPerBatch: 1
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${articlesContainer}/'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output topicName string = topic.name

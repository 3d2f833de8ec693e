// The Event Grid system topic of the storage account. Its subscription to the ArticleUploaded function is made by
// the azd postdeploy hook (infra/hooks/postdeploy.sh): Event Grid validates a webhook when the subscription is
// created, and the Functions blob extension's endpoint and its blobs_extension key only exist once the deployed
// code has started, which is after provisioning.

@description('Azure region.')
param location string

@description('Base name for the resources.')
param name string

@description('Tags for every resource.')
param tags object

@description('Resource id of the storage account whose blob events the topic carries.')
param storageAccountId string

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: 'evgt-${name}'
  location: location
  tags: tags
  properties: {
    source: storageAccountId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output topicName string = topic.name

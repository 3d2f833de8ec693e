// The storage account: the pipeline's containers and queues, the Functions runtime's state and the Flex
// Consumption deployment package. Shared keys are disabled: everything authenticates with Entra ID.

@description('Azure region.')
param location string

@description('Storage account name (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Tags for every resource.')
param tags object

@description('Containers of the storage layout (ARCHITECTURE.md).')
param containers array = [
  'articles'
  'entries'
  'quarantine'
  'config'
  'deliveries'
  'publishing'
  'journal'
  'websub'
]

@description('Work queues (Syndication.Core QueueNames); each gets a <name>-poison queue for dead letters.')
param queues array = [
  'ingest'
  'publish'
  'deliveries'
  'websub'
]

@description('Feeds readable anonymously from the feeds container (true); false keeps every container private and the Function App serves the feeds.')
param publicFeeds bool

@description('Container of the Flex Consumption deployment package.')
param deploymentContainer string = 'app-package'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    // Public feeds: only the feeds container is public (read of single blobs, no listing). Private feeds: none is,
    // which is what the common Azure Policy "Storage account public access should be disallowed" demands.
    allowBlobPublicAccess: publicFeeds
    publicNetworkAccess: 'Enabled'
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    cors: {
      // Browser feed readers fetch feeds cross-origin.
      corsRules: [
        {
          allowedOrigins: [
            '*'
          ]
          allowedMethods: [
            'GET'
            'HEAD'
          ]
          allowedHeaders: [
            '*'
          ]
          exposedHeaders: [
            'ETag'
            'Last-Modified'
          ]
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

resource privateContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for container in union(containers, [deploymentContainer]): {
    parent: blobs
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource feeds 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'feeds'
  properties: {
    publicAccess: publicFeeds ? 'Blob' : 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource workQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queue in flatten(map(queues, q => [q, '${q}-poison'])): {
    parent: queueService
    name: queue
  }
]

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output feedsUrl string = '${account.properties.primaryEndpoints.blob}${feeds.name}/'
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer}'

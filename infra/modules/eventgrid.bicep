// Event Grid for documents: a system topic on the storage account and one subscription that sends
// Microsoft.Storage.BlobCreated of the documents container to the webhook (POST /api/events/documents).
// Event Grid carries no bearer token: the webhook is protected by a function key, read from Key Vault
// and set here as the app's function key `eventgrid`, so the two never differ.
import { Tags } from 'types.bicep'

@description('Name of the Event Grid system topic.')
param systemTopicName string

@description('Region of the system topic (the storage account\'s).')
param location string

@description('Tags applied to the system topic.')
param tags Tags

@description('Name of the storage account whose blob events are sent.')
param storageAccountName string

@description('Name of the Function App.')
param functionAppName string

@description('Default host name of the Function App.')
param functionAppHostName string

@description('Blob container whose created blobs are documents.')
param documentsContainerName string

@description('Function key of the webhook (from Key Vault).')
@secure()
param functionKey string

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

// PUT …/sites/{app}/host/default/functionKeys/eventgrid: an ARM operation Bicep has no type for.
#disable-next-line BCP081
resource eventGridKey 'Microsoft.Web/sites/host/functionKeys@2024-04-01' = {
  name: '${site.name}/default/eventgrid'
  properties: {
    name: 'eventgrid'
    value: functionKey
  }
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource documentsCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: 'documents-blob-created'
  dependsOn: [ eventGridKey ] // Event Grid validates the endpoint when the subscription is created
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'WebHook'
      properties: {
        // Write-only: Event Grid never returns the query string of an endpoint URL.
        #disable-next-line use-secure-value-for-secure-inputs
        endpointUrl: 'https://${functionAppHostName}/api/events/documents?code=${functionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [ 'Microsoft.Storage.BlobCreated' ]
      subjectBeginsWith: '/blobServices/default/containers/${documentsContainerName}/blobs/'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output systemTopicName string = systemTopic.name

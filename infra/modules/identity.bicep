// The one identity the Function App runs as: storage (AzureWebJobsStorage and the app's own
// tables, queues, blobs), the Flex deployment container and the Key Vault reference all use it.
import { Tags } from 'types.bicep'

@description('Name of the user-assigned managed identity.')
param name string

@description('Region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags Tags

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId

// Every role the Function App's identity holds, and nothing else. Each grant is scoped to the one
// resource it is needed on (never the resource group or subscription).
@description('Name of the user-assigned identity the app runs as.')
param identityName string

@description('Name of the app storage account.')
param storageAccountName string

@description('Name of the Key Vault holding the signing key.')
param keyVaultName string

// Built-in role definition ids (identical in every Azure cloud, 21Vianet included).
var roles = {
  // Blob read/write/delete for documents and the Functions host (AzureWebJobsStorage: leases, locks,
  // timer schedule status), the Flex deployment package, AND the generateUserDelegationKey action
  // that user-delegation SAS upload URLs need (shared keys are off, so no account-key SAS).
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Queue send/receive/delete: applications-evaluate and renewals (+ poison), and the host's queue triggers.
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Table entity read/write: all application state, ledger, audit, idempotency keys.
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // Read secret values: the Key Vault reference to the JWT signing key.
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}
// Not granted on purpose: Monitoring Metrics Publisher (telemetry uses the ingestion connection
// string, not Entra auth), any Contributor/Owner role, Storage Account Contributor (no key listing).

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

// Assignment names derive from the identity's resource id (known before deployment), not its principal id.
var principalId = identity.properties.principalId

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource storageBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource storageQueueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource storageTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

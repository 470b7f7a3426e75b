// Key Vault in RBAC mode holding the JWT signing key (secret NeoBay--Auth--SigningKey) and, during a
// key rotation, the previous key (NeoBay--Auth--PreviousSigningKey); and the WeChat AppSecret (NeoBay--WeChat--AppSecret).
// The app never sees a vault credential: App Service resolves the Key Vault reference with the
// user-assigned identity (Key Vault Secrets User, granted in access.bicep).
import { Tags } from 'types.bicep'

@description('Name of the Key Vault (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Region of the vault.')
param location string

@description('Tags applied to the vault.')
param tags Tags

@description('Name of the secret holding the base64 HMAC-SHA256 signing key.')
param signingKeySecretName string

@description('Base64 HMAC-SHA256 key (32 random bytes). Empty: leave the current secret version as it is (redeploys do not rotate the key).')
@secure()
param signingKey string

@description('Name of the secret holding the previous signing key during a rotation window.')
param previousSigningKeySecretName string

@description('Previous base64 signing key. Empty: leave that secret as it is (or absent: no rotation window).')
@secure()
param previousSigningKey string

@description('Name of the secret holding the base64 HMAC key of A11.2 person identities (common.14).')
param personIdentityKeySecretName string

@description('Base64 HMAC key of person identities. Empty: leave the current secret as it is (it must never change once used).')
@secure()
param personIdentityKey string

@description('Name of the secret holding the function key Event Grid calls the documents webhook with.')
param eventGridFunctionKeySecretName string

@description('Base64 function key for Event Grid. Empty: leave that secret as it is.')
@secure()
param eventGridFunctionKey string

@description('Name of the secret holding the WeChat mini-program AppSecret.')
param wechatAppSecretName string

@description('WeChat AppSecret. Empty: leave that secret as it is (or absent: no WeChat sign-in).')
@secure()
param wechatAppSecret string

@description('Purge protection: a deleted vault or secret cannot be purged during the retention period. Cannot be turned off again.')
param enablePurgeProtection bool

@description('Days a deleted vault or secret is recoverable.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // ARM refuses `false`: purge protection is either on or absent.
    enablePurgeProtection: enablePurgeProtection ? true : null
    enabledForDeployment: false
    enabledForDiskEncryption: false
    // The Event Grid deployment reads the webhook's function key with getSecret() (deployers need vaults/deploy/action).
    enabledForTemplateDeployment: true
    publicNetworkAccess: 'Enabled'
  }
}

resource signingKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(signingKey)) {
  parent: vault
  name: signingKeySecretName
  properties: {
    value: signingKey
    contentType: 'base64 HMAC-SHA256 key'
  }
}

resource previousSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(previousSigningKey)) {
  parent: vault
  name: previousSigningKeySecretName
  properties: {
    value: previousSigningKey
    contentType: 'base64 HMAC-SHA256 key'
  }
}

resource personIdentityKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(personIdentityKey)) {
  parent: vault
  name: personIdentityKeySecretName
  properties: {
    value: personIdentityKey
    contentType: 'base64 HMAC-SHA256 key'
  }
}

resource eventGridFunctionKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(eventGridFunctionKey)) {
  parent: vault
  name: eventGridFunctionKeySecretName
  properties: {
    value: eventGridFunctionKey
    contentType: 'Azure Functions function key'
  }
}

resource wechatAppSecretSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(wechatAppSecret)) {
  parent: vault
  name: wechatAppSecretName
  properties: {
    value: wechatAppSecret
    contentType: 'WeChat mini-program AppSecret'
  }
}

output name string = vault.name
output id string = vault.id
// Built from the vault's own URI (vault.azure.cn on 21Vianet); versionless, so a new secret
// version is picked up by the app without redeploying the template.
output signingKeySecretUri string = '${vault.properties.vaultUri}secrets/${signingKeySecretName}'
output wechatAppSecretUri string = '${vault.properties.vaultUri}secrets/${wechatAppSecretName}'
// Referenced even when the secret does not exist: the app reads an unresolved reference as "no previous key".
output previousSigningKeySecretUri string = '${vault.properties.vaultUri}secrets/${previousSigningKeySecretName}'
output personIdentityKeySecretUri string = '${vault.properties.vaultUri}secrets/${personIdentityKeySecretName}'

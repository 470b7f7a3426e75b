// NeoBay Grants on Azure: Function App (.NET 10 isolated) + storage + identity + monitoring + Key Vault.
// Plain resources only (no registry modules): compiles offline. No cloud host name is written here;
// endpoints come from the resources themselves, so the same template deploys to Azure operated
// by 21Vianet (set hostingPlan where Flex Consumption is not offered).
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(20)
@description('Environment name (azd environment, e.g. neobay-dev): seeds resource names and the azd-env-name tag.')
param environmentName string

@description('Region of every resource: a region with Flex Consumption, or a 21Vianet region with hostingPlan ElasticPremium.')
@metadata({ azd: { type: 'location' } })
@allowed([
  // Flex Consumption (az functionapp list-flexconsumption-locations, 2026-11); keep equal to flexConsumptionRegions.
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
  // Azure operated by 21Vianet: no Flex Consumption, ElasticPremium only (the plan check below refuses Flex there).
  'chinaeast2'
  'chinaeast3'
  'chinanorth2'
  'chinanorth3'
])
param location string

@description('Hosting plan: FlexConsumption (default, scales to zero) | ElasticPremium, for regions and clouds without Flex Consumption. (Linux Consumption cannot run .NET 10.)')
@allowed([ 'FlexConsumption', 'ElasticPremium' ])
param hostingPlan string = 'FlexConsumption'

@description('Storage replication.')
@allowed([ 'Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_RAGRS', 'Standard_GZRS', 'Standard_RAGZRS' ])
param storageSku string = 'Standard_LRS'

@description('Tables the app uses (docs/storage.md; the app also creates a missing table on first use).')
param tableNames string[] = [
  'applications'
  'applicationindex'
  'idempotency'
  'grants'
  'grantindex'
  'renewals'
  'payments'
  'identities'
  'budgets'
  'profiles'
  'trustedfacts'
  'offers'
  'notifications'
]

@description('Base64 HMAC-SHA256 JWT signing key (32 random bytes). Give it on the first deployment and to rotate; empty leaves the stored secret as it is.')
@secure()
param signingKey string = ''

@description('Base64 HMAC-SHA256 key for A11.2 person identities (NeoBay:PersonIdentityHmacKey, 32 random bytes). Give it on the first deployment only: changing it hides earlier persons from the repeat check. Empty leaves the stored secret as it is.')
@secure()
param personIdentityKey string = ''

@description('Base64 key that signed tokens until the last rotation (NeoBay:Auth:PreviousSigningKey): give it during a rotation window only; empty leaves the stored secret, if any, as it is.')
@secure()
param previousSigningKey string = ''

@description('JWT issuer (NeoBay:Auth:Issuer).')
param authIssuer string = 'https://neobay-grants'

@description('JWT audience (NeoBay:Auth:Audience).')
param authAudience string = 'neobay-api'

@description('Longest lifetime (exp - iat/nbf) of a token the API accepts, in hours (NeoBay:Auth:MaxTokenLifetimeHours).')
@minValue(1)
param maxTokenLifetimeHours int = 24

@description('Application (client) id or id URI of the API\'s Entra app registration (NeoBay:Auth:Entra:Audience). Empty: Entra ID sign-in off.')
param entraAudience string = ''

@description('WeChat mini-program AppID (NeoBay:WeChat:AppId). Empty: no WeChat sign-in.')
param wechatAppId string = ''

@description('WeChat mini-program AppSecret, stored in Key Vault. Give it on the first deployment and to rotate; empty leaves the stored secret as it is.')
@secure()
param wechatAppSecret string = ''

@description('WeChat API base URL (NeoBay:WeChat:BaseUrl).')
param wechatBaseUrl string = 'https://api.weixin.qq.com'

@description('Largest document upload in bytes (NeoBay:Documents:MaxBytes).')
param documentsMaxBytes int = 20971520

@description('Push (docs/matching.md): WeChat subscribe-message template id per notification kind, e.g. { NewOpportunity: \'…\', Approved: \'…\' } (NeoBay:WeChat:Templates:{Kind}). A kind without one is not sent.')
param wechatTemplates { *: string } = {}

@description('NCRONTAB in UTC of the daily catalog re-match (app setting PushSchedule): 00:05 China Standard Time.')
param pushSchedule string = '0 5 16 * * *'

@description('NCRONTAB in UTC of the yearly renewal run (app setting RenewalsSchedule): 00:05 on 1 January, China Standard Time.')
param renewalsSchedule string = '0 5 16 31 12 *'

@description('Renewal run: grants per page (NeoBay:Renewals:PageSize).')
param renewalsPageSize int = 200

@description('Renewal run: grants renewed in parallel (NeoBay:Renewals:Parallelism).')
param renewalsParallelism int = 8

@description('Renewal run: pages per renewals queue message (NeoBay:Renewals:PagesPerMessage).')
param renewalsPagesPerMessage int = 50

@description('Base64 function key Event Grid calls the documents webhook with (stored in Key Vault). Give it on the first deployment and to rotate; empty leaves the stored secret as it is.')
@secure()
param eventGridFunctionKey string = ''

@description('Subscribe the documents webhook to BlobCreated. Needs the app\'s code deployed (Event Grid validates the endpoint): false on the first azd up, true from then on.')
param deployEventGridSubscription bool = false

@description('Where alerts go: an action group resource id (empty: alerts fire in the portal only).')
param alertActionGroupId string = ''

@description('Key Vault purge protection (irreversible once on): on in production.')
param keyVaultPurgeProtection bool = false

@description('Log Analytics retention in days.')
param logRetentionDays int = 30

@description('Log Analytics daily ingestion cap in GB (-1 = none).')
param logDailyQuotaGb int = 1

@description('Days a deleted document blob stays recoverable.')
param blobSoftDeleteDays int = 7

@description('Flex Consumption: most instances.')
param maximumInstanceCount int = 100

@description('Flex Consumption: memory per instance (MB).')
param instanceMemoryMB int = 2048

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var identityName = 'id-neobay-${resourceToken}'
var storageAccountName = 'stneobay${resourceToken}'
var keyVaultName = 'kv-neobay-${resourceToken}'
var functionAppName = 'func-neobay-${resourceToken}'
var applicationInsightsName = 'appi-neobay-${resourceToken}'
var tags = { 'azd-env-name': environmentName, application: 'neobay-grants' }

// Queue names are agreed with the app (host.json, the enqueue code); each has its poison queue.
var queueNames = [
  'applications-evaluate'
  'applications-evaluate-poison'
  'renewals'
  'renewals-poison'
  'payments'
  'payments-poison'
  'simulations'
  'simulations-poison'
  'profiles-rematch'
  'profiles-rematch-poison'
  'notifications-send'
  'notifications-send-poison'
]
var documentsContainerName = 'documents'
var deploymentContainerName = 'app-package'
var signingKeySecretName = 'NeoBay--Auth--SigningKey'
var previousSigningKeySecretName = 'NeoBay--Auth--PreviousSigningKey'
var personIdentityKeySecretName = 'NeoBay--PersonIdentityHmacKey'
var eventGridFunctionKeySecretName = 'NeoBay--EventGrid--FunctionKey'
var flexConsumptionRegions = [
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
]
// Refused before anything is created: Flex Consumption in a region that does not offer it.
var appLocation = hostingPlan != 'FlexConsumption' || contains(flexConsumptionRegions, location)
  ? location
  : fail('Flex Consumption is not offered in ${location}: choose one of its regions, or hostingPlan ElasticPremium.')
var wechatAppSecretName = 'NeoBay--WeChat--AppSecret'
// The tenant's v2.0 authority in this cloud: login.microsoftonline.com, or login.chinacloudapi.cn on Azure operated by 21Vianet.
var entraAuthority = '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-neobay-${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
    retentionInDays: logRetentionDays
    dailyQuotaGb: logDailyQuotaGb
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    tags: tags
    skuName: storageSku
    tableNames: tableNames
    queueNames: queueNames
    containerNames: [ documentsContainerName, deploymentContainerName ]
    blobSoftDeleteDays: blobSoftDeleteDays
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: keyVaultName
    location: location
    tags: tags
    signingKeySecretName: signingKeySecretName
    signingKey: signingKey
    previousSigningKeySecretName: previousSigningKeySecretName
    previousSigningKey: previousSigningKey
    personIdentityKeySecretName: personIdentityKeySecretName
    personIdentityKey: personIdentityKey
    eventGridFunctionKeySecretName: eventGridFunctionKeySecretName
    eventGridFunctionKey: eventGridFunctionKey
    wechatAppSecretName: wechatAppSecretName
    wechatAppSecret: wechatAppSecret
    enablePurgeProtection: keyVaultPurgeProtection
    softDeleteRetentionInDays: 90
  }
}

module access 'modules/access.bicep' = {
  name: 'access'
  // Names are passed as known values (precise what-if); the resources must exist first.
  dependsOn: [ identity, storage, keyVault ]
  params: {
    identityName: identityName
    storageAccountName: storageAccountName
    keyVaultName: keyVaultName
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  // The app starts resolving its Key Vault reference and storage as soon as it exists: roles first.
  dependsOn: [ access ]
  params: {
    name: functionAppName
    planName: 'plan-neobay-${resourceToken}'
    location: appLocation
    tags: tags
    hostingPlan: hostingPlan
    dotnetVersion: '10.0'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    packageBlobName: 'neobay-functions.zip'
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    signingKeySecretUri: keyVault.outputs.signingKeySecretUri
    previousSigningKeySecretUri: keyVault.outputs.previousSigningKeySecretUri
    personIdentityKeySecretUri: keyVault.outputs.personIdentityKeySecretUri
    authIssuer: authIssuer
    authAudience: authAudience
    maxTokenLifetimeHours: maxTokenLifetimeHours
    entraAuthority: empty(entraAudience) ? '' : entraAuthority
    entraAudience: entraAudience
    wechatAppId: wechatAppId
    wechatAppSecretUri: keyVault.outputs.wechatAppSecretUri
    wechatBaseUrl: wechatBaseUrl
    wechatTemplates: wechatTemplates
    pushSchedule: pushSchedule
    documentsMaxBytes: documentsMaxBytes
    renewalsSchedule: renewalsSchedule
    renewalsPageSize: renewalsPageSize
    renewalsParallelism: renewalsParallelism
    renewalsPagesPerMessage: renewalsPagesPerMessage
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

// BlobCreated on the documents container → the webhook, called with a function key read from Key Vault.
module eventGrid 'modules/eventgrid.bicep' = if (deployEventGridSubscription) {
  name: 'eventgrid'
  params: {
    systemTopicName: 'evgt-neobay-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storageAccountName
    functionAppName: functionAppName
    functionAppHostName: functionApp.outputs.defaultHostName
    documentsContainerName: documentsContainerName
    functionKey: vault.getSecret(eventGridFunctionKeySecretName)
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  dependsOn: [ monitoring ]
  params: {
    location: location
    tags: tags
    applicationInsightsName: applicationInsightsName
    actionGroupId: alertActionGroupId
  }
}

output AZURE_LOCATION string = location
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output NEOBAY_API_BASE_URL string = 'https://${functionApp.outputs.defaultHostName}/api'

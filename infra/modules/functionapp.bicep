// The Function App (.NET isolated worker) and its plan. Flex Consumption by default; Elastic Premium
// where Flex is not offered, e.g. Azure operated by 21Vianet. (Linux Consumption cannot run .NET 10.)
import { Tags } from 'types.bicep'

@description('Name of the Function App.')
param name string

@description('Name of the hosting plan.')
param planName string

@description('Region of the app and its plan.')
param location string

@description('Tags applied to the app and its plan (the app also gets azd-service-name).')
param tags Tags

@description('Hosting plan: FlexConsumption (scales to zero) or ElasticPremium (EP1, always one warm instance).')
@allowed([ 'FlexConsumption', 'ElasticPremium' ])
param hostingPlan string

@description('.NET version of the isolated worker (the app targets net10.0).')
param dotnetVersion string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity (AzureWebJobsStorage__clientId).')
param identityClientId string

@description('Name of the storage account (AzureWebJobsStorage__accountName).')
param storageAccountName string

@description('Blob endpoint of the storage account, as the cloud reports it.')
param blobEndpoint string

@description('Queue endpoint of the storage account, as the cloud reports it.')
param queueEndpoint string

@description('Table endpoint of the storage account, as the cloud reports it.')
param tableEndpoint string

@description('Blob container holding the deployment package.')
param deploymentContainerName string

@description('Blob name of the package when the plan is not Flex Consumption (run from package URL).')
param packageBlobName string

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Versionless Key Vault secret URI of the JWT signing key.')
param signingKeySecretUri string

@description('Versionless Key Vault secret URI of the previous signing key (a rotation window; the secret may not exist).')
param previousSigningKeySecretUri string

@description('Versionless Key Vault secret URI of the HMAC key of A11.2 person identities.')
param personIdentityKeySecretUri string

@description('JWT issuer the API accepts (NeoBay:Auth:Issuer).')
param authIssuer string

@description('JWT audience the API accepts (NeoBay:Auth:Audience).')
param authAudience string

@description('Longest token lifetime in hours (NeoBay:Auth:MaxTokenLifetimeHours).')
@minValue(1)
param maxTokenLifetimeHours int

@description('Entra ID v2.0 authority of the tenant (NeoBay:Auth:Entra:Authority); empty with an empty audience: Entra sign-in off.')
param entraAuthority string

@description('Audience of Entra access tokens (NeoBay:Auth:Entra:Audience).')
param entraAudience string

@description('WeChat mini-program AppID (NeoBay:WeChat:AppId); empty: no WeChat sign-in.')
param wechatAppId string

@description('Versionless Key Vault secret URI of the WeChat AppSecret.')
param wechatAppSecretUri string

@description('WeChat API base URL (NeoBay:WeChat:BaseUrl).')
param wechatBaseUrl string

@description('Largest document upload in bytes (NeoBay:Documents:MaxBytes).')
param documentsMaxBytes int

@description('WeChat subscribe-message template id per notification kind (NeoBay:WeChat:Templates:{Kind}).')
param wechatTemplates { *: string } = {}

@description('NCRONTAB (UTC) of the daily catalog re-match: the timer binds %PushSchedule%.')
param pushSchedule string = '0 5 16 * * *'

@description('NCRONTAB (UTC) of the yearly renewal run: the timer binds %RenewalsSchedule%.')
param renewalsSchedule string

@description('NCRONTAB (UTC) of the payment run (docs/payments.md): 09:00 CST on the 1st of each month.')
param paymentsSchedule string = '0 0 1 1 * *'

@description('Grants read per page by the renewal run (NeoBay:Renewals:PageSize).')
@minValue(1)
param renewalsPageSize int

@description('Grants renewed in parallel within a page (NeoBay:Renewals:Parallelism).')
@minValue(1)
param renewalsParallelism int

@description('Pages one renewals queue message processes before handing on (NeoBay:Renewals:PagesPerMessage).')
@minValue(1)
param renewalsPagesPerMessage int

@description('Flex Consumption: most instances the app may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Flex Consumption: memory per instance in MB.')
@allowed([ 512, 2048, 4096 ])
param instanceMemoryMB int

var isFlex = hostingPlan == 'FlexConsumption'

var planSkus = {
  FlexConsumption: { name: 'FC1', tier: 'FlexConsumption' }
  ElasticPremium: { name: 'EP1', tier: 'ElasticPremium' }
}

// Readiness (tables, queues, blobs): the platform takes an instance out of the load balancer when it fails.
// Flex Consumption has no health check feature; Elastic Premium has.
var healthCheckPath = '/api/health/ready'

// What the app reads (local.settings.sample.json, in app-setting form: ':' becomes '__'),
// identical on every plan. No key, no connection string to storage: identity only.
var appSettings = [
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
  // Beside the service URIs: the host resolves some services before reading them (a known start-up race).
  { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
  { name: 'AzureWebJobsStorage__blobServiceUri', value: blobEndpoint }
  { name: 'AzureWebJobsStorage__queueServiceUri', value: queueEndpoint }
  { name: 'AzureWebJobsStorage__tableServiceUri', value: tableEndpoint }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
  { name: 'NeoBay__Environment', value: 'Production' }
  { name: 'NeoBay__Auth__Issuer', value: authIssuer }
  { name: 'NeoBay__Auth__Audience', value: authAudience }
  { name: 'NeoBay__Auth__SigningKey', value: '@Microsoft.KeyVault(SecretUri=${signingKeySecretUri})' }
  { name: 'NeoBay__Auth__PreviousSigningKey', value: '@Microsoft.KeyVault(SecretUri=${previousSigningKeySecretUri})' }
  { name: 'NeoBay__PersonIdentityHmacKey', value: '@Microsoft.KeyVault(SecretUri=${personIdentityKeySecretUri})' }
  { name: 'NeoBay__Auth__MaxTokenLifetimeHours', value: string(maxTokenLifetimeHours) }
  { name: 'NeoBay__Auth__Entra__Authority', value: entraAuthority }
  { name: 'NeoBay__Auth__Entra__Audience', value: entraAudience }
  { name: 'NeoBay__WeChat__BaseUrl', value: wechatBaseUrl }
  { name: 'NeoBay__WeChat__AppId', value: wechatAppId }
  { name: 'NeoBay__WeChat__AppSecret', value: '@Microsoft.KeyVault(SecretUri=${wechatAppSecretUri})' }
  { name: 'NeoBay__Documents__MaxBytes', value: string(documentsMaxBytes) }
  { name: 'RenewalsSchedule', value: renewalsSchedule } // the timer trigger's %RenewalsSchedule%, its only reader
  { name: 'PaymentsSchedule', value: paymentsSchedule } // the payment run's timer, %PaymentsSchedule%
  { name: 'PushSchedule', value: pushSchedule } // the daily catalog re-match's timer, %PushSchedule%
  { name: 'NeoBay__WeChat__Templates__NewOpportunity', value: wechatTemplates.?NewOpportunity ?? '' } // empty: that kind is not sent
  { name: 'NeoBay__WeChat__Templates__Decided', value: wechatTemplates.?Decided ?? '' }
  { name: 'NeoBay__WeChat__Templates__Approved', value: wechatTemplates.?Approved ?? '' }
  { name: 'NeoBay__WeChat__Templates__StageReleased', value: wechatTemplates.?StageReleased ?? '' }
  { name: 'NeoBay__WeChat__Templates__RenewalIssued', value: wechatTemplates.?RenewalIssued ?? '' }
  { name: 'NeoBay__WeChat__Templates__ClaimInvited', value: wechatTemplates.?ClaimInvited ?? '' }
  { name: 'NeoBay__Renewals__PageSize', value: string(renewalsPageSize) }
  { name: 'NeoBay__Renewals__Parallelism', value: string(renewalsParallelism) }
  { name: 'NeoBay__Renewals__PagesPerMessage', value: string(renewalsPagesPerMessage) }
  { name: 'NeoBay__Storage__TablePrefix', value: '' } // production tables carry no prefix (tests use one)
]

// Plans other than Flex name their runtime in settings and run from the package blob, read with
// the same identity (no SAS, no Azure Files share: both would need shared keys).
var hostingSettings = isFlex
  ? []
  : [
      { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
      { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'dotnet-isolated' }
      { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '${blobEndpoint}${deploymentContainerName}/${packageBlobName}' }
      { name: 'WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID', value: identityId }
    ]

var flexConfig = {
  runtime: { name: 'dotnet-isolated', version: dotnetVersion }
  scaleAndConcurrency: {
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
  deployment: {
    storage: {
      type: 'blobContainer'
      value: '${blobEndpoint}${deploymentContainerName}'
      authentication: {
        type: 'UserAssignedIdentity'
        userAssignedIdentityResourceId: identityId
      }
    }
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: hostingPlan == 'ElasticPremium' ? 'elastic' : 'functionapp'
  sku: planSkus[hostingPlan]
  properties: {
    reserved: true // Linux
    maximumElasticWorkerCount: hostingPlan == 'ElasticPremium' ? 20 : null
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    functionAppConfig: isFlex ? flexConfig : null
    siteConfig: {
      linuxFxVersion: isFlex ? null : 'DOTNET-ISOLATED|${dotnetVersion}'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      // Flex Consumption has no FTPS (its deprecations list; ARM answers 51021): only the other plans set it.
      ftpsState: isFlex ? null : 'Disabled'
      healthCheckPath: isFlex ? null : healthCheckPath
      http20Enabled: true
      appSettings: concat(appSettings, hostingSettings)
    }
  }
}

// Deployments authenticate with Entra ID (azd, az functionapp deploy): no FTP or basic-auth publishing.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

output name string = site.name
output id string = site.id
output defaultHostName string = site.properties.defaultHostName

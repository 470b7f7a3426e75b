// Production: zone-redundant storage, purge-protected vault, longer log and document retention.
// az deployment group create -g <rg> -p infra/main.prod.bicepparam
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'neobay-prod')
// FlexConsumption where offered; ElasticPremium in regions/clouds without it (21Vianet).
// A Flex Consumption region (main.bicep lists them), or a 21Vianet region with ElasticPremium.
param location = readEnvironmentVariable('AZURE_LOCATION', 'eastasia')
param hostingPlan = readEnvironmentVariable('NEOBAY_HOSTING_PLAN', 'FlexConsumption')
param storageSku = 'Standard_ZRS'
// First deployment and rotation only: NEOBAY_SIGNING_KEY=$(openssl rand -base64 32). Empty keeps the stored key.
param signingKey = readEnvironmentVariable('NEOBAY_SIGNING_KEY', '')
// Rotation window only: NEOBAY_PREVIOUS_SIGNING_KEY=<the key being replaced> (docs/deploy.md).
param previousSigningKey = readEnvironmentVariable('NEOBAY_PREVIOUS_SIGNING_KEY', '')
// First deployment only: NEOBAY_PERSON_IDENTITY_KEY=$(openssl rand -base64 32); never change it afterwards (common.14).
param personIdentityKey = readEnvironmentVariable('NEOBAY_PERSON_IDENTITY_KEY', '')
// First deployment and rotation only: NEOBAY_EVENTGRID_FUNCTION_KEY=$(openssl rand -base64 32).
param eventGridFunctionKey = readEnvironmentVariable('NEOBAY_EVENTGRID_FUNCTION_KEY', '')
// After the app's code is deployed once (Event Grid validates the webhook when subscribing).
param deployEventGridSubscription = bool(readEnvironmentVariable('NEOBAY_EVENTGRID_SUBSCRIPTION', 'false'))
param authIssuer = 'https://neobay-grants'
param authAudience = 'neobay-api'
// Sign-in (docs/deploy.md "Sign-in"): the API's Entra app registration and the mini-program's AppID/AppSecret.
param entraAudience = readEnvironmentVariable('NEOBAY_ENTRA_AUDIENCE', '')
param wechatAppId = readEnvironmentVariable('NEOBAY_WECHAT_APP_ID', '')
param wechatAppSecret = readEnvironmentVariable('NEOBAY_WECHAT_APP_SECRET', '')
param keyVaultPurgeProtection = true
param logRetentionDays = 90
param logDailyQuotaGb = 5
param blobSoftDeleteDays = 30
param maximumInstanceCount = 100
param instanceMemoryMB = 2048

// Development environment: smallest footprint, no purge protection (a dev vault can be purged and recreated).
// az deployment group create -g <rg> -p infra/main.dev.bicepparam
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'neobay-dev')
// A Flex Consumption region (main.bicep lists them), or a 21Vianet region with ElasticPremium.
param location = readEnvironmentVariable('AZURE_LOCATION', 'eastasia')
param hostingPlan = readEnvironmentVariable('NEOBAY_HOSTING_PLAN', 'FlexConsumption')
param storageSku = 'Standard_LRS'
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
param authIssuer = 'https://neobay-grants-dev'
param authAudience = 'neobay-api'
param keyVaultPurgeProtection = false
param logRetentionDays = 30
param logDailyQuotaGb = 1
param blobSoftDeleteDays = 7
param maximumInstanceCount = 40
param instanceMemoryMB = 2048

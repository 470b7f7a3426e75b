// The alerts an operator on call needs (docs/operations.md): a poisoned queue message, a 5xx rate,
// and a yearly renewal run that stopped making progress. Log alerts over Application Insights.
import { Tags } from 'types.bicep'

@description('Region of the alert rules.')
param location string

@description('Tags applied to the alert rules.')
param tags Tags

@description('Name of the Application Insights component the queries read.')
param applicationInsightsName string

@description('Action group resource id to notify (empty: the alert fires in the portal only).')
param actionGroupId string

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var actions = empty(actionGroupId) ? {} : { actionGroups: [ actionGroupId ] }

var rules = [
  {
    name: 'poison-queue-not-empty'
    description: 'A queue message was moved to a -poison queue: it will not be retried until an operator acts (docs/operations.md).'
    severity: 1
    frequency: 'PT15M'
    window: 'P1D'
    query: 'traces | where message has "Moving message to queue" and message has "-poison" | summarize Poisoned = count()'
    threshold: 0
    metric: 'Poisoned'
  }
  {
    name: 'http-5xx-rate'
    description: 'More than 5% of HTTP requests answered 5xx over 15 minutes (at least 20 requests).'
    severity: 2
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'requests | summarize Total = count(), Failed = countif(toint(resultCode) >= 500) | where Total >= 20 | extend FailedPercent = 100.0 * Failed / Total'
    threshold: 5
    metric: 'FailedPercent'
  }
  {
    name: 'renewal-run-stalled'
    description: 'A yearly renewal run has shards not done and logged no progress for 30 minutes: resume it (POST /api/admin/renewals/{fiscalYear}).'
    severity: 1
    frequency: 'PT15M'
    window: 'P2D'
    query: 'customMetrics | where name in ("NeoBay.Renewal.ShardProgress", "NeoBay.Renewal.ShardDone") | extend FiscalYear = tostring(customDimensions.FiscalYear), Shard = tostring(customDimensions.Shard) | summarize Last = max(timestamp), Done = dcountif(Shard, name == "NeoBay.Renewal.ShardDone") by FiscalYear | where Done < 16 and Last < ago(30m) | summarize Stalled = count()'
    threshold: 0
    metric: 'Stalled'
  }
]

resource alerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: '${applicationInsightsName}-${rule.name}'
    location: location
    tags: tags
    properties: {
      displayName: rule.name
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [ appInsights.id ]
      evaluationFrequency: rule.frequency
      windowSize: rule.window
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Maximum'
            metricMeasureColumn: rule.metric
            operator: 'GreaterThan'
            threshold: rule.threshold
            failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
          }
        ]
      }
      actions: actions
    }
  }
]

output alertNames string[] = [for (rule, i) in rules: alerts[i].name]

// Parameters for subscriptions whose Azure Policy denies public blob access: no container is public and the
// Function App serves the feeds (/api/feeds/...) with the same ETag / 304 behaviour as `syndication run`.
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'news')
param publicFeeds = false
param keyVaultRecover = bool(readEnvironmentVariable('KEY_VAULT_RECOVER', 'false'))

// Parameters for `az deployment group create --template-file infra/main.bicep --parameters infra/public-feeds.bicepparam`:
// feeds read straight from the public feeds container.
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'news')
param publicFeeds = true
param keyVaultRecover = bool(readEnvironmentVariable('KEY_VAULT_RECOVER', 'false'))

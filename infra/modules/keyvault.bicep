// Key Vault for partner webhook secrets (whsec_…), RBAC-authorised, soft delete always on. Purge protection is a
// parameter (docs/decisions/0010-key-vault-redeploys.md): on, the name stays taken for the 30-day retention after deletion.
// Either way a soft-deleted vault of this name is recovered, not re-created (the preprovision hook sets recover).

@description('Azure region.')
param location string

@description('Key Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Tags for every resource.')
param tags object

@description('Recover the soft-deleted vault of this name (with its secrets) instead of creating a new one.')
param recover bool

@description('Purge protection; once on it cannot be turned off.')
param purgeProtection bool

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    createMode: recover ? 'recover' : 'default'
    enableRbacAuthorization: true
    enableSoftDelete: true
    // Fixed: the retention of an existing vault cannot be changed.
    softDeleteRetentionInDays: 30
    // The API takes only true or "not set": false is refused once a vault has it on.
    enablePurgeProtection: purgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri

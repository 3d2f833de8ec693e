# azd preprovision hook (Windows): the PowerShell twin of preprovision.sh; read that file for the why.
# Sets KEY_VAULT_RECOVER=true when this environment's Key Vault exists only soft-deleted, else false.
param([switch]$DryRun)
$ErrorActionPreference = 'Stop'

$name = $env:KEY_VAULT_NAME
$recover = 'false'
if (-not $name) {
    Write-Output 'preprovision: first provision of this environment (no KEY_VAULT_NAME yet): a new Key Vault'
} elseif ($DryRun) {
    Write-Output "az keyvault show --name $name --query name --output tsv"
    Write-Output "az keyvault show-deleted --name $name --query name --output tsv"
} elseif (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    Write-Warning "preprovision: az not found, cannot check for a soft-deleted $name; if provisioning says it exists in deleted state: azd env set KEY_VAULT_RECOVER true"
    exit 0
} else {
    az keyvault show --name $name --query name --output tsv 2>$null | Out-Null
    if ($LASTEXITCODE -eq 0) {
        Write-Output "preprovision: Key Vault $name exists"
    } else {
        az keyvault show-deleted --name $name --query name --output tsv 2>$null | Out-Null
        if ($LASTEXITCODE -eq 0) {
            Write-Output "preprovision: Key Vault $name is soft-deleted: recovering it with its secrets"
            $recover = 'true'
        }
    }
}

if ($DryRun) {
    Write-Output 'azd env set KEY_VAULT_RECOVER <true if only the deleted vault exists, else false>'
} else {
    azd env set KEY_VAULT_RECOVER $recover
    exit $LASTEXITCODE
}

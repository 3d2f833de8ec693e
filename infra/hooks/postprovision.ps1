# azd postprovision hook (Windows): the PowerShell twin of postprovision.sh; read that file for the why.
# Waits until the Function App identity's role assignments are ROLE_PROPAGATION_SECONDS (default 180) old.
param([switch]$DryRun)
$ErrorActionPreference = 'Stop'

$principal = $env:AZURE_FUNCTION_PRINCIPAL_ID
if (-not $principal) { Write-Error 'AZURE_FUNCTION_PRINCIPAL_ID is not set: run through azd after infra/main.bicep was provisioned' }
$window = if ($env:ROLE_PROPAGATION_SECONDS) { [int]$env:ROLE_PROPAGATION_SECONDS } else { 180 }
$attempts = if ($env:HOOK_ATTEMPTS) { [int]$env:HOOK_ATTEMPTS } else { 30 }
$pause = if ($env:HOOK_RETRY_SECONDS) { [int]$env:HOOK_RETRY_SECONDS } else { 10 }
$listArgs = @('role', 'assignment', 'list', '--all', '--query', "[?principalId=='$principal'].createdOn", '--output', 'tsv')
if ($env:AZURE_SUBSCRIPTION_ID) { $listArgs += @('--subscription', $env:AZURE_SUBSCRIPTION_ID) }

if ($DryRun) {
    Write-Output ("az " + ($listArgs -join ' '))
    exit 0
}
if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    Write-Warning 'postprovision: az not found, not waiting for role assignments to propagate; if azd deploy gets 403, wait a few minutes and run azd deploy again'
    exit 0
}

$newest = $null
for ($i = 1; $i -le $attempts; $i++) {
    $stamps = @(& az @listArgs 2>$null | Where-Object { $_ })
    if ($LASTEXITCODE -eq 0 -and $stamps.Count -gt 0) {
        $newest = ($stamps | ForEach-Object { [DateTimeOffset]::Parse($_, [Globalization.CultureInfo]::InvariantCulture) } | Sort-Object | Select-Object -Last 1)
        break
    }
    Write-Warning "postprovision: no role assignment listed yet for $principal (attempt $i/$attempts)"
    Start-Sleep -Seconds $pause
}
if (-not $newest) {
    Write-Error 'postprovision: the app identity has no role assignment; does your account hold Owner or User Access Administrator? (infra/README.md)'
}

$age = [int]([DateTimeOffset]::UtcNow - $newest).TotalSeconds
if ($age -lt $window) {
    Write-Output "postprovision: role assignments are ${age}s old; waiting $($window - $age)s for them to propagate before deploying"
    Start-Sleep -Seconds ($window - $age)
}
Write-Output 'postprovision: role assignments of the app identity are in place'

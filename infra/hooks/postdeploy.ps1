# azd postdeploy hook (Windows): the PowerShell twin of postdeploy.sh; read that file for the why.
# Creates or updates the Event Grid subscription BlobCreated under articles/ -> ArticleUploaded.
#   -DryRun   print the az commands instead of running them
param([switch]$DryRun)
$ErrorActionPreference = 'Stop'

$attempts = if ($env:HOOK_ATTEMPTS) { [int]$env:HOOK_ATTEMPTS } else { 30 }
$pause = if ($env:HOOK_RETRY_SECONDS) { [int]$env:HOOK_RETRY_SECONDS } else { 10 }
foreach ($name in 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'AZURE_FUNCTION_APP_URL', 'EVENT_GRID_TOPIC',
                  'ARTICLE_EVENTS_FUNCTION', 'ARTICLE_EVENTS_TYPE', 'ARTICLE_EVENTS_SUBJECT_PREFIX') {
    if (-not [Environment]::GetEnvironmentVariable($name)) {
        Write-Error "postdeploy: $name is not set; run this hook through azd (azd up / azd deploy) after infra/main.bicep was provisioned"
    }
}
$subscriptionArgs = @()
if ($env:AZURE_SUBSCRIPTION_ID) { $subscriptionArgs = @('--subscription', $env:AZURE_SUBSCRIPTION_ID) }
if (-not $DryRun -and -not (Get-Command az -ErrorAction SilentlyContinue)) {
    Write-Error 'postdeploy: the Azure CLI (az) is required to subscribe ArticleUploaded to blob events; install it, az login, then run: azd hooks run postdeploy'
}

$keyArgs = @('functionapp', 'keys', 'list', '--resource-group', $env:AZURE_RESOURCE_GROUP, '--name', $env:AZURE_FUNCTION_APP_NAME,
             '--query', 'systemKeys.blobs_extension', '--output', 'tsv') + $subscriptionArgs
if ($DryRun) {
    Write-Output ("az " + ($keyArgs -join ' '))
    $key = '<blobs_extension key>'
} else {
    $key = ''
    for ($i = 1; $i -le $attempts; $i++) {
        # Any request starts the host on an idle Flex Consumption app; the answer itself does not matter.
        try { Invoke-WebRequest -Uri "$env:AZURE_FUNCTION_APP_URL/" -TimeoutSec 30 -UseBasicParsing | Out-Null } catch { }
        $key = (& az @keyArgs 2>$null | Out-String).Trim()
        if ($LASTEXITCODE -eq 0 -and $key) { break }
        $key = ''
        Write-Warning "postdeploy: blobs_extension key not there yet (attempt $i/$attempts)"
        Start-Sleep -Seconds $pause
    }
    if (-not $key) {
        Write-Error "postdeploy: the app never reported its blobs_extension key; check that $env:AZURE_FUNCTION_APP_NAME runs and run: azd hooks run postdeploy"
    }
}

$endpoint = "$env:AZURE_FUNCTION_APP_URL/runtime/webhooks/blobs?functionName=Host.Functions.$env:ARTICLE_EVENTS_FUNCTION&code=$key"
# az is az.cmd on Windows, whose command line cmd.exe parses again: an unquoted & would end the command there.
$endpointArgument = if ($IsWindows) { "`"$endpoint`"" } else { $endpoint }
$subscriptionName = "articles-to-$($env:ARTICLE_EVENTS_FUNCTION.ToLowerInvariant())"
$createArgs = @('eventgrid', 'system-topic', 'event-subscription', 'create',
    '--resource-group', $env:AZURE_RESOURCE_GROUP, '--system-topic-name', $env:EVENT_GRID_TOPIC, '--name', $subscriptionName,
    '--endpoint-type', 'webhook', '--endpoint', $endpointArgument,
    '--included-event-types', $env:ARTICLE_EVENTS_TYPE, '--subject-begins-with', $env:ARTICLE_EVENTS_SUBJECT_PREFIX,
    '--event-delivery-schema', 'eventgridschema', '--max-events-per-batch', '1',
    '--max-delivery-attempts', '30', '--event-ttl', '1440', '--output', 'none') + $subscriptionArgs
if ($DryRun) {
    Write-Output ("az " + (($createArgs | ForEach-Object { if ($_ -match '[\s&?<>]') { "'$_'" } else { $_ } }) -join ' '))
    exit 0
}

for ($i = 1; $i -le $attempts; $i++) {
    & az @createArgs
    if ($LASTEXITCODE -eq 0) {
        Write-Output "postdeploy: Event Grid subscription $subscriptionName on $env:EVENT_GRID_TOPIC -> $env:ARTICLE_EVENTS_FUNCTION ($env:ARTICLE_EVENTS_TYPE under $env:ARTICLE_EVENTS_SUBJECT_PREFIX)"
        exit 0
    }
    Write-Warning "postdeploy: creating the subscription failed (attempt $i/$attempts)"
    Start-Sleep -Seconds $pause
}
Write-Error 'postdeploy: could not create the Event Grid subscription; uploads are still ingested by Reconcile every 5 minutes. Run again: azd hooks run postdeploy'

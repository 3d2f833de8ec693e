#!/usr/bin/env bash
# azd postdeploy hook: creates or updates the Event Grid subscription that sends BlobCreated events under
# articles/ to the ArticleUploaded function. It runs after every `azd up` / `azd deploy`, so there is no flag to
# remember and a fresh environment needs no second pass.
#
# Why here and not in Bicep: Event Grid validates a webhook when the subscription is created, and the Functions
# blob extension's endpoint and its blobs_extension system key only exist once the deployed code has started.
#
# Reads the azd environment (the outputs of infra/main.bicep): AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME,
# AZURE_FUNCTION_APP_URL, EVENT_GRID_TOPIC, ARTICLE_EVENTS_FUNCTION, ARTICLE_EVENTS_TYPE,
# ARTICLE_EVENTS_SUBJECT_PREFIX, and AZURE_SUBSCRIPTION_ID if set.
#
#   --dry-run   print the az commands instead of running them (the key is shown as <blobs_extension key>)
# HOOK_ATTEMPTS (default 30) and HOOK_RETRY_SECONDS (default 10) bound every wait.
set -euo pipefail

dry_run=false
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=true ;;
    *) echo "postdeploy: unknown argument '$arg' (use --dry-run)" >&2; exit 2 ;;
  esac
done

attempts="${HOOK_ATTEMPTS:-30}"
pause="${HOOK_RETRY_SECONDS:-10}"
for name in AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME AZURE_FUNCTION_APP_URL EVENT_GRID_TOPIC \
            ARTICLE_EVENTS_FUNCTION ARTICLE_EVENTS_TYPE ARTICLE_EVENTS_SUBJECT_PREFIX; do
  if [ -z "${!name:-}" ]; then
    echo "postdeploy: $name is not set; run this hook through azd (azd up / azd deploy) after infra/main.bicep was provisioned" >&2
    exit 1
  fi
done

subscription_args=()
if [ -n "${AZURE_SUBSCRIPTION_ID:-}" ]; then
  subscription_args=(--subscription "$AZURE_SUBSCRIPTION_ID")
fi

err=$(mktemp)
trap 'rm -f "$err"' EXIT
show() { printf '%q ' "$@" | sed 's/ $//'; printf '\n'; }

if [ "$dry_run" = false ] && ! command -v az >/dev/null 2>&1; then
  echo "postdeploy: the Azure CLI (az) is required to subscribe ArticleUploaded to blob events; install it, az login, then run: azd hooks run postdeploy" >&2
  exit 1
fi

# 1. The blobs_extension system key appears once the host has started with the blob extension. Listing keys can
#    fail while the app restarts after deployment ("ServiceUnavailable"), so wait and retry.
key_command=(az functionapp keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME"
             --query systemKeys.blobs_extension --output tsv ${subscription_args[@]+"${subscription_args[@]}"})
if [ "$dry_run" = true ]; then
  show "${key_command[@]}"
  key='<blobs_extension key>'
else
  key=""
  for ((i = 1; i <= attempts; i++)); do
    # Any request starts the host on an idle Flex Consumption app; the answer itself does not matter.
    curl --silent --output /dev/null --max-time 30 "$AZURE_FUNCTION_APP_URL/" || true
    if key=$("${key_command[@]}" 2>"$err") && [ -n "$key" ]; then
      break
    fi
    key=""
    echo "postdeploy: blobs_extension key not there yet (attempt $i/$attempts): $(tr '\n' ' ' <"$err" | cut -c1-200)" >&2
    sleep "$pause"
  done
  if [ -z "$key" ]; then
    echo "postdeploy: the app never reported its blobs_extension key; check that $AZURE_FUNCTION_APP_NAME runs (az functionapp show, its logs) and run: azd hooks run postdeploy" >&2
    exit 1
  fi
fi

# 2. Create or update the subscription (create is a PUT: running it again updates it in place). Event Grid's
#    validation handshake fails while the host is still starting, so that is retried too.
endpoint="$AZURE_FUNCTION_APP_URL/runtime/webhooks/blobs?functionName=Host.Functions.$ARTICLE_EVENTS_FUNCTION&code=$key"
subscription_name="articles-to-$(printf '%s' "$ARTICLE_EVENTS_FUNCTION" | tr '[:upper:]' '[:lower:]')"
create_command=(az eventgrid system-topic event-subscription create
  --resource-group "$AZURE_RESOURCE_GROUP" --system-topic-name "$EVENT_GRID_TOPIC" --name "$subscription_name"
  --endpoint-type webhook --endpoint "$endpoint"
  --included-event-types "$ARTICLE_EVENTS_TYPE" --subject-begins-with "$ARTICLE_EVENTS_SUBJECT_PREFIX"
  --event-delivery-schema eventgridschema --max-events-per-batch 1
  --max-delivery-attempts 30 --event-ttl 1440 --output none ${subscription_args[@]+"${subscription_args[@]}"})
if [ "$dry_run" = true ]; then
  show "${create_command[@]}"
  exit 0
fi

for ((i = 1; i <= attempts; i++)); do
  if "${create_command[@]}" 2>"$err"; then
    echo "postdeploy: Event Grid subscription $subscription_name on $EVENT_GRID_TOPIC -> $ARTICLE_EVENTS_FUNCTION ($ARTICLE_EVENTS_TYPE under $ARTICLE_EVENTS_SUBJECT_PREFIX)"
    exit 0
  fi
  echo "postdeploy: creating the subscription failed (attempt $i/$attempts): $(tr '\n' ' ' <"$err" | cut -c1-300)" >&2
  sleep "$pause"
done
echo "postdeploy: could not create the Event Grid subscription; uploads are still ingested by Reconcile every 5 minutes. Run again: azd hooks run postdeploy" >&2
exit 1

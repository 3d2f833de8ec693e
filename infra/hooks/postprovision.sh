#!/usr/bin/env bash
# azd postprovision hook: waits until the Function App identity's role assignments are old enough to have
# propagated before azd deploys the code (azd issue 8026: the first package upload, which the platform writes to
# the deployment container with that identity, and the host's first start can otherwise get 403). Assignments
# that already existed (a redeploy) are old, so this returns at once.
#
# ROLE_PROPAGATION_SECONDS (default 180): how old the newest assignment must be.
# HOOK_ATTEMPTS (default 30) and HOOK_RETRY_SECONDS (default 10) bound the wait for the assignments to be listed.
#   --dry-run   print the az command, wait for nothing
set -euo pipefail

dry_run=false
[ "${1:-}" = "--dry-run" ] && dry_run=true
principal="${AZURE_FUNCTION_PRINCIPAL_ID:?AZURE_FUNCTION_PRINCIPAL_ID is not set: run through azd after infra/main.bicep was provisioned}"
window="${ROLE_PROPAGATION_SECONDS:-180}"
attempts="${HOOK_ATTEMPTS:-30}"
pause="${HOOK_RETRY_SECONDS:-10}"
list_command=(az role assignment list --all --query "[?principalId=='$principal'].createdOn" --output tsv)
if [ -n "${AZURE_SUBSCRIPTION_ID:-}" ]; then
  list_command+=(--subscription "$AZURE_SUBSCRIPTION_ID")
fi

if [ "$dry_run" = true ]; then
  printf '%q ' "${list_command[@]}" | sed 's/ $//'
  printf '\n'
  exit 0
fi
if ! command -v az >/dev/null 2>&1; then
  echo "postprovision: az not found, not waiting for role assignments to propagate; if azd deploy gets 403, wait a few minutes and run azd deploy again" >&2
  exit 0
fi

# Seconds since the epoch of an ISO 8601 UTC time, with GNU date or BSD date (macOS).
epoch() {
  local stamp="${1%%.*}"
  stamp="${stamp%%+*}"
  stamp="${stamp%Z}"
  date -u -d "$stamp" +%s 2>/dev/null || date -u -j -f '%Y-%m-%dT%H:%M:%S' "$stamp" +%s
}

newest=""
for ((i = 1; i <= attempts; i++)); do
  newest=$("${list_command[@]}" 2>/dev/null | sort | tail -n 1 || true)
  [ -n "$newest" ] && break
  echo "postprovision: no role assignment listed yet for $principal (attempt $i/$attempts)" >&2
  sleep "$pause"
done
if [ -z "$newest" ]; then
  echo "postprovision: the app identity has no role assignment; does your account hold Owner or User Access Administrator? (infra/README.md)" >&2
  exit 1
fi

age=$(( $(date -u +%s) - $(epoch "$newest") ))
if [ "$age" -lt "$window" ]; then
  echo "postprovision: role assignments are ${age}s old; waiting $((window - age))s for them to propagate before deploying"
  sleep $((window - age))
fi
echo "postprovision: role assignments of the app identity are in place"

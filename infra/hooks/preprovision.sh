#!/usr/bin/env bash
# azd preprovision hook: if this environment's Key Vault was deleted (azd down without --purge, or with purge
# protection on) it is still soft-deleted under the same name, and creating a vault of that name fails. Then set
# KEY_VAULT_RECOVER=true so infra/main.bicep recovers it, secrets and all; otherwise false.
#
#   --dry-run   print what would be checked and set, change nothing
set -euo pipefail

dry_run=false
[ "${1:-}" = "--dry-run" ] && dry_run=true

name="${KEY_VAULT_NAME:-}"
recover=false
if [ -z "$name" ]; then
  echo "preprovision: first provision of this environment (no KEY_VAULT_NAME yet): a new Key Vault"
elif [ "$dry_run" = true ]; then
  echo "az keyvault show --name $name --query name --output tsv"
  echo "az keyvault show-deleted --name $name --query name --output tsv"
elif ! command -v az >/dev/null 2>&1; then
  echo "preprovision: az not found, cannot check for a soft-deleted $name; if provisioning says it exists in deleted state: azd env set KEY_VAULT_RECOVER true" >&2
  exit 0
elif az keyvault show --name "$name" --query name --output tsv >/dev/null 2>&1; then
  echo "preprovision: Key Vault $name exists"
elif az keyvault show-deleted --name "$name" --query name --output tsv >/dev/null 2>&1; then
  echo "preprovision: Key Vault $name is soft-deleted: recovering it with its secrets"
  recover=true
fi

if [ "$dry_run" = true ]; then
  echo "azd env set KEY_VAULT_RECOVER <true if only the deleted vault exists, else false>"
else
  azd env set KEY_VAULT_RECOVER "$recover"
fi

#!/usr/bin/env bash
# End-to-end smoke test of a running Syndication: uploads a fresh sample article, then waits for it
#   1. in the site feed (feeds/rss.xml), and checks that the links the feed carries resolve (article page, self link, site link);
#   2. in the operator surface (published, with its entry id);
#   3. at a test partner (the delivery of that entry to --partner is "delivered": the partner answered 2xx);
# and prints one line per stage with its time, then a verdict. Exit status 0 only when every stage passed.
#
# Azure, after `azd up` (reads the azd environment, or the same names from the shell environment):
#   infra/smoke-test.sh [--partner ID] [--timeout SECONDS]
#   needs az (logged in; your user needs Storage Blob Data Contributor on the account to upload)
# Local, against `syndication run --data DIR --urls URL`:
#   infra/smoke-test.sh --local URL --data DIR [--partner ID] [--timeout SECONDS]
#
# Without --partner the partner stage is skipped (and says so). Needs bash and curl only.
set -uo pipefail

mode=azure
base=""
data=""
partner=""
timeout=300
while [ $# -gt 0 ]; do
  case "$1" in
    --local) mode=local; base="${2:?--local needs the run URL, e.g. http://127.0.0.1:7071}"; shift 2 ;;
    --data) data="${2:?--data needs the data folder of syndication run}"; shift 2 ;;
    --partner) partner="${2:?--partner needs a partner id from config/partners.json}"; shift 2 ;;
    --timeout) timeout="${2:?--timeout needs seconds}"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "smoke-test: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

now_ms() {
  local ns
  ns=$(date +%s%N 2>/dev/null)
  case "$ns" in *N|"") echo $(( $(date +%s) * 1000 )) ;; *) echo $(( ns / 1000000 )) ;; esac
}
seconds_since() { local ms=$(( $(now_ms) - $1 )); printf '%d.%01ds' $(( ms / 1000 )) $(( (ms % 1000) / 100 )); }

start=$(now_ms)
failed=0
report() { # stage status detail
  printf 'smoke: %-9s %-7s %7s  %s\n' "$1" "$2" "$(seconds_since "$start")" "$3"
  [ "$2" = FAIL ] && failed=1
  return 0
}
verdict() {
  if [ "$failed" = 0 ]; then echo "VERDICT: PASS in $(seconds_since "$start")"; exit 0; fi
  echo "VERDICT: FAIL after $(seconds_since "$start")"; exit 1
}
deadline=$(( $(date +%s) + timeout ))
in_time() { [ "$(date +%s)" -lt "$deadline" ]; }
fetch() { curl --silent --show-error --max-time 30 "$@"; }

# --- where things are -----------------------------------------------------------------------------------------
if [ "$mode" = local ]; then
  [ -n "$data" ] || { echo "smoke-test: --local needs --data DIR (the folder syndication run uses)" >&2; exit 2; }
  [ -d "$data" ] || { echo "smoke-test: $data is not a folder" >&2; exit 2; }
  base="${base%/}"
  feeds_url="$base/feeds/"
else
  command -v az >/dev/null 2>&1 || { echo "smoke-test: az (the Azure CLI) is needed in Azure mode; or use --local URL --data DIR" >&2; exit 2; }
  if command -v azd >/dev/null 2>&1; then
    while IFS='=' read -r key value; do
      value="${value#\"}"; value="${value%\"}"
      case "$key" in
        AZURE_RESOURCE_GROUP|AZURE_FUNCTION_APP_NAME|AZURE_FUNCTION_APP_URL|AZURE_STORAGE_ACCOUNT_NAME|FEEDS_URL)
          [ -n "${!key:-}" ] || export "$key=$value" ;;
      esac
    done < <(azd env get-values 2>/dev/null)
  fi
  for key in AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME AZURE_FUNCTION_APP_URL AZURE_STORAGE_ACCOUNT_NAME FEEDS_URL; do
    [ -n "${!key:-}" ] || { echo "smoke-test: $key is not set; run from the azd project after azd up, or export it" >&2; exit 2; }
  done
  base="${AZURE_FUNCTION_APP_URL%/}"
  feeds_url="${FEEDS_URL%/}/"
  code=$(az functionapp keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" --query functionKeys.default --output tsv 2>/dev/null)
  [ -n "$code" ] || { echo "smoke-test: could not read the function key of $AZURE_FUNCTION_APP_NAME (az functionapp keys list)" >&2; exit 2; }
fi

# --- 1. upload ------------------------------------------------------------------------------------------------
tag="smoke-$(date -u +%Y%m%d%H%M%S)-$RANDOM$RANDOM"
name="$tag.html"
title="Smoke test $tag"
published=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sample=$(mktemp)
errors=$(mktemp)
trap 'rm -f "$sample" "$errors"' EXIT
cat >"$sample" <<HTML
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>$title</title>
<meta property="article:published_time" content="$published">
<meta name="author" content="Smoke Test"></head>
<body><article><h1>$title</h1>
<p>This article was uploaded by infra/smoke-test.sh to check that an upload reaches the feeds, the operator
page and the partners of this deployment, and how long each step takes from the moment of the upload.</p>
<p>It has no canonical link on purpose, so the feeds link to the article page that the deployment serves
itself, and the test follows that link to check that it resolves for a reader.</p>
<p>It can be deleted from the articles container after the test; the next reconcile removes it from the feeds
and tells the subscribed partners that it was deleted.</p>
</article></body></html>
HTML

if [ "$mode" = local ]; then
  mkdir -p "$data/articles"
  # Written beside the folder and renamed in, as an editor's upload would land: never seen half-written.
  cp "$sample" "$data/.$name.partial" && mv "$data/.$name.partial" "$data/articles/$name" \
    && report upload ok "$data/articles/$name" || { report upload FAIL "could not write $data/articles/$name"; verdict; }
else
  if az storage blob upload --auth-mode login --account-name "$AZURE_STORAGE_ACCOUNT_NAME" --container-name articles \
       --name "$name" --file "$sample" --content-type "text/html; charset=utf-8" --overwrite --output none 2>"$errors"; then
    report upload ok "articles/$name in $AZURE_STORAGE_ACCOUNT_NAME"
  else
    report upload FAIL "az storage blob upload: $(tr '\n' ' ' <"$errors" | cut -c1-200)"
    verdict
  fi
fi

# --- 2. feed, and its links -----------------------------------------------------------------------------------
item=""
rss=""
while in_time; do
  rss=$(fetch "${feeds_url}rss.xml" 2>/dev/null | tr '\n' ' ')
  item=$(printf '%s\n' "${rss//<item>/$'\n'<item>}" | grep -F "$tag" | head -n 1)
  [ -n "$item" ] && break
  sleep 1
done
if [ -z "$item" ]; then
  report feed FAIL "${feeds_url}rss.xml has no item titled '$title' after ${timeout}s"
  verdict
fi
report feed ok "${feeds_url}rss.xml carries '$title'"

link=$(printf '%s' "$item" | sed -n 's:.*<link>\([^<]*\)</link>.*:\1:p' | head -n 1)
entry_id="${link##*/articles/}"
self=$(printf '%s' "$rss" | grep -o '<atom:link[^>]*rel="self"[^>]*>' | head -n 1 | sed -n 's:.*href="\([^"]*\)".*:\1:p')
page_status=$(fetch --output /dev/null --write-out '%{http_code}' "$link" 2>/dev/null)
self_status=$(fetch --output /dev/null --write-out '%{http_code}' "$self" 2>/dev/null)
channel="${rss%%<item>*}"
site=$(printf '%s' "$channel" | sed -n 's:.*<link>\([^<]*\)</link>.*:\1:p' | head -n 1)
site_status=$(fetch --output /dev/null --write-out '%{http_code}' "$site" 2>/dev/null)
if [ "$page_status" = 200 ] && [ "$self_status" = 200 ] && [ "$site_status" = 200 ] && [ -n "$entry_id" ] && [ "$entry_id" != "$link" ]; then
  report links ok "article page $link, self link $self, site link $site: all 200"
else
  report links FAIL "article page ${link:-<none>} -> ${page_status:-none}, self link ${self:-<none>} -> ${self_status:-none}, site link ${site:-<none>} -> ${site_status:-none}"
fi

# --- 3. operator surface --------------------------------------------------------------------------------------
state=""
while in_time; do
  if [ "$mode" = local ]; then
    page=$(fetch "$base/operator/articles/$name" 2>/dev/null)
    state=$(printf '%s' "$page" | sed -n 's:.*id="status">\([a-z]*\)<.*:\1:p' | head -n 1)
  else
    page=$(fetch "$base/api/articles?limit=100&code=$code" 2>/dev/null)
    state=$(printf '%s' "$page" | grep -o "{[^{}]*\"article\":\"$name\"[^{}]*}" | sed -n 's:.*"state":"\([a-z]*\)".*:\1:p' | head -n 1)
  fi
  [ "$state" = published ] && break
  sleep 1
done
if [ "$state" = published ]; then
  report operator ok "$name is published (entry $entry_id)"
else
  report operator FAIL "$name is '${state:-not listed}' on the operator surface"
fi

# --- 4. partner -----------------------------------------------------------------------------------------------
if [ -z "$partner" ]; then
  report partner skipped "no --partner given (a test partner id from config/partners.json)"
else
  status=""
  while in_time; do
    if [ "$mode" = local ]; then
      page=$(fetch "$base/operator/articles/$name" 2>/dev/null)
      status=$(printf '%s' "$page" | grep -o "<tr data-partner=\"$partner\" data-status=\"[a-z]*\"" | sed -n 's:.*data-status="\([a-z]*\)".*:\1:p' | head -n 1)
    else
      page=$(fetch "$base/api/deliveries?partner=$partner&code=$code" 2>/dev/null)
      status=$(printf '%s' "$page" | grep -o "{[^{}]*\"entryId\":\"$entry_id\"[^{}]*}" | sed -n 's:.*"status":"\([a-z]*\)".*:\1:p' | head -n 1)
    fi
    [ "$status" = delivered ] && break
    sleep 1
  done
  if [ "$status" = delivered ]; then
    report partner ok "delivered to $partner (it answered 2xx to the signed webhook)"
  else
    report partner FAIL "delivery to $partner is '${status:-not created}'"
  fi
fi

verdict

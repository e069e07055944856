#!/usr/bin/env bash
# Prepares src/Functions for `func start` (README, "Run the Functions app locally"):
#   1. writes src/Functions/local.settings.json from local.settings.sample.json, unless it exists (never overwritten);
#   2. starts Azurite on the loopback ports that AzureWebJobsStorage names (UseDevelopmentStorage=true: 10000-10002)
#      and, when FOLIO_S3_ENDPOINT is a loopback URL, s3rver on its port with the buckets that FOLIO_ALLOWED_SOURCES
#      and FOLIO_ALLOWED_DESTINATIONS name; each only when nothing listens there yet, from tools/node_modules
#      (installed from npm when missing, as scripts/test.sh does); their data and logs go to .folio/;
#   3. prints what it did and how to start the inference service and the Functions host.
# The servers it starts keep running; `scripts/func-local.sh --stop` stops them (only those, by their process ids).
# Usage: scripts/func-local.sh [--no-start | --stop]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

mode=start
case "${1:-}" in
  "") ;;
  --no-start) mode=no-start ;;
  --stop) mode=stop ;;
  -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "func-local: unknown argument '$1' (use --no-start or --stop)" >&2; exit 64 ;;
esac

STATE=.folio/func-local
PIDS="$STATE/pids"
SETTINGS=src/Functions/local.settings.json
say() { printf 'func-local: %s\n' "$*"; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ "$mode" = stop ]; then
  if [ ! -f "$PIDS" ]; then say "nothing to stop (no $PIDS)"; exit 0; fi
  while read -r pid name; do
    # Only a process this script started: the pid may have been reused since.
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "tools/node_modules/"; then
      kill "$pid" && say "stopped $name (pid $pid)"
    else
      say "$name (pid $pid) is not running"
    fi
  done < "$PIDS"
  rm -f "$PIDS"
  exit 0
fi

# 1. Settings.
if [ -f "$SETTINGS" ]; then
  say "kept $SETTINGS (it exists; compare it with local.settings.sample.json for new settings)"
else
  cp local.settings.sample.json "$SETTINGS"
  say "wrote $SETTINGS from local.settings.sample.json (every setting is explained in its _comments)"
fi

command -v node > /dev/null || { say "node is required (Node.js 20 or later)"; exit 1; }
# What the settings ask for: "azurite BLOB QUEUE TABLE" when storage is local, "s3rver PORT BUCKET..." when S3 is.
plan="$(node - "$SETTINGS" <<'JS'
const values = require(require("path").resolve(process.argv[2])).Values || {};
const storage = values.AzureWebJobsStorage || "";
const local = "https?://(?:127\\.0\\.0\\.1|localhost):(\\d+)";
if (/UseDevelopmentStorage=true/i.test(storage)) {
  console.log("azurite 10000 10001 10002");
} else {
  const port = kind => (storage.match(new RegExp(`${kind}Endpoint=${local}`, "i")) || [])[1];
  const ports = ["Blob", "Queue", "Table"].map(port);
  if (ports.every(Boolean)) console.log(`azurite ${ports.join(" ")}`);
}
const s3 = (values.FOLIO_S3_ENDPOINT || "").match(new RegExp(`^${local}/?$`, "i"));
if (s3) {
  const locations = `${values.FOLIO_ALLOWED_SOURCES || ""},${values.FOLIO_ALLOWED_DESTINATIONS || ""}`;
  const buckets = [...new Set([...locations.matchAll(/s3:\/\/([^/,\s]+)/g)].map(m => m[1]))];
  console.log(`s3rver ${s3[1]} ${buckets.join(" ")}`.trim());
}
JS
)"

azurite_line="$(printf '%s\n' "$plan" | grep '^azurite ' || true)"
s3_line="$(printf '%s\n' "$plan" | grep '^s3rver ' || true)"
[ -n "$azurite_line" ] || say "AzureWebJobsStorage is not a local emulator: no Azurite"
[ -n "$s3_line" ] || say "FOLIO_S3_ENDPOINT is not a loopback URL: no s3rver"

# 2. The servers.
wanted=()
if [ -n "$azurite_line" ]; then
  read -r _ blob queue table <<< "$azurite_line"
  if listening "$blob"; then say "Azurite: something already listens on 127.0.0.1:$blob, used as it is"; else wanted+=(azurite); fi
fi
if [ -n "$s3_line" ]; then
  read -r _ s3port buckets <<< "$s3_line"
  if listening "$s3port"; then say "s3rver: something already listens on 127.0.0.1:$s3port, used as it is"; else wanted+=(s3rver); fi
fi

if [ "$mode" = no-start ]; then
  for name in "${wanted[@]}"; do say "would start ${name/azurite/Azurite} (--no-start: nothing started)"; done
elif [ "${#wanted[@]}" -gt 0 ]; then
  if [ ! -f tools/node_modules/azurite/dist/src/azurite.js ] || [ ! -f tools/node_modules/s3rver/bin/s3rver.js ]; then
    say "installing Azurite and s3rver into tools/node_modules (npm)"
    (cd tools && npm install --no-package-lock --no-audit --no-fund --silent)
  fi
  mkdir -p "$STATE"
  start() { # name "ports" log command...: starts it in the background and waits until each port answers
    local name="$1" ports="$2" log="$3" port; shift 3
    nohup "$@" > "$log" 2>&1 < /dev/null &
    local pid=$!
    echo "$pid $name" >> "$PIDS"
    for port in $ports; do
      for _ in $(seq 1 150); do listening "$port" && break; sleep 0.1; done
      listening "$port" || { say "$name does not answer on 127.0.0.1:$port; see $log"; exit 1; }
    done
    say "started $name on 127.0.0.1:${ports// /, } (pid $pid, log $log)"
  }
  for name in "${wanted[@]}"; do
    if [ "$name" = azurite ]; then
      mkdir -p "$STATE/azurite"
      start Azurite "$blob $queue $table" "$STATE/azurite.log" node tools/node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck \
        --disableTelemetry --location "$STATE/azurite" --blobHost 127.0.0.1 --blobPort "$blob" \
        --queueHost 127.0.0.1 --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table"
    else
      mkdir -p "$STATE/s3rver"
      bucket_args=()
      for bucket in $buckets; do bucket_args+=(--configure-bucket "$bucket"); done
      start s3rver "$s3port" "$STATE/s3rver.log" node tools/node_modules/s3rver/bin/s3rver.js --address 127.0.0.1 --port "$s3port" \
        --directory "$STATE/s3rver" --silent "${bucket_args[@]}"
      [ -z "$buckets" ] || say "s3rver buckets: $buckets (key pair S3RVER / S3RVER)"
    fi
  done
fi

# 3. How to go on.
inference="$(node -e 'console.log(require(require("path").resolve(process.argv[1])).Values.FOLIO_INFERENCE_URL || "")' "$SETTINGS")"
cat <<EOF
func-local: next, in two terminals:
  scripts/fetch-models.sh && dotnet run --project src/Inference -c Release -- --urls ${inference%/}
  cd src/Functions && func start          # Core Tools 4 (npm i -g azure-functions-core-tools@4)
func-local: stop what this script started with: scripts/func-local.sh --stop
EOF

#!/usr/bin/env bash
# Runs every test with the real things they need: models, Azurite and s3rver on loopback.
# Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

"$ROOT/scripts/fetch-models.sh"

# Test servers, the browser driver and the OpenAPI validator from npm, pinned in tools/package.json: Azurite, s3rver,
# playwright-core (drives Chromium for the viewer tests; Chromium itself comes from apt, see .ci/run) and
# @seriousme/openapi-schema-validator (OpenApiDocumentTests).
if [ ! -d tools/node_modules/azurite ] || [ ! -d tools/node_modules/s3rver ] || [ ! -d tools/node_modules/playwright-core ] \
   || [ ! -d tools/node_modules/@seriousme/openapi-schema-validator ]; then
  echo "test: installing Azurite, s3rver, playwright-core and the OpenAPI validator (npm)" >&2
  (cd tools && npm install --no-package-lock --no-audit --no-fund --silent) || echo "test: npm install failed; tests that need Azurite, S3, a browser or the OpenAPI validator will be skipped" >&2
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "${S3_DIR:-}"; }
trap cleanup EXIT

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! listening 10000 && [ -f tools/node_modules/azurite/dist/src/azurite.js ]; then
  node tools/node_modules/azurite/dist/src/azurite.js --silent --inMemoryPersistence --disableTelemetry --skipApiVersionCheck \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 > /tmp/folio-azurite.log 2>&1 &
  pids+=($!)
fi
if ! listening 4568 && [ -f tools/node_modules/s3rver/bin/s3rver.js ]; then
  S3_DIR="$(mktemp -d)"
  node tools/node_modules/s3rver/bin/s3rver.js --address 127.0.0.1 --port 4568 --directory "$S3_DIR" --silent > /tmp/folio-s3rver.log 2>&1 &
  pids+=($!)
fi
for _ in $(seq 1 50); do listening 10000 && listening 10001 && listening 10002 && break; sleep 0.2; done

log="$(mktemp)"
set +e
dotnet test "$ROOT/Functions.sln" --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for all test projects together.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"

#!/usr/bin/env bash
# Fault and load: documents submitted at once through the orchestrator on DurableTask.AzureStorage (Azurite) against
# the real inference service (its own process on a loopback port, real models, CPU), killed with SIGKILL mid-page and
# started again on the same port, with bad documents from tests/data/bad among them. Prints documents, pages, faults
# injected, pages lost, pages read twice, memory and wall time, and exits 1 when a check fails.
# Usage: bench/soak.sh [--documents N=28] [--restarts K=3] [--bad N=min(7, N/4)] [--dpi N=100] [--downtime S=3] [--deadline MIN=10]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/fetch-models.sh" >/dev/null

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
azurite=""
trap '[ -n "$azurite" ] && kill "$azurite" 2>/dev/null || true' EXIT
if ! listening 10000; then
  [ -f tools/node_modules/azurite/dist/src/azurite.js ] || (cd tools && npm install --no-package-lock --no-audit --no-fund --silent)
  node tools/node_modules/azurite/dist/src/azurite.js --silent --inMemoryPersistence --disableTelemetry --skipApiVersionCheck \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 > /tmp/folio-soak-azurite.log 2>&1 &
  azurite=$!
  for _ in $(seq 1 50); do listening 10000 && listening 10001 && listening 10002 && break; sleep 0.2; done
fi

dotnet build "$ROOT/bench/Folio.SoakBench/Folio.SoakBench.csproj" -c Release -o "$ROOT/artifacts/soak-bench" -nologo -v q -clp:ErrorsOnly
FOLIO_ROOT="$ROOT" dotnet "$ROOT/artifacts/soak-bench/folio-soak-bench.dll" "$@"

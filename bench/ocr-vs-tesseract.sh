#!/usr/bin/env bash
# Folio's engine vs Tesseract 5 on the same real 150-dpi pages: pages/s, ratio, median and worst CER.
# Usage: bench/ocr-vs-tesseract.sh [pages=20] [dpi=150] [folio workers, e.g. 1,2]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/fetch-models.sh"
command -v tesseract >/dev/null || { echo "bench: needs tesseract (apt-get install tesseract-ocr)" >&2; exit 1; }
[ -f /usr/share/doc/r-doc-pdf/manual/R-intro.pdf ] || { echo "bench: needs real PDFs (apt-get install r-doc-pdf)" >&2; exit 1; }
dotnet build "$ROOT/bench/Folio.Bench/Folio.Bench.csproj" -c Release -o "$ROOT/artifacts/bench" -nologo -v q -clp:ErrorsOnly
# The inference service as deployed on CPU (one thread per model run, one page in flight per core), for the HTTP row.
dotnet build "$ROOT/src/Inference/Inference.csproj" -c Release -o "$ROOT/artifacts/inference" -nologo -v q -clp:ErrorsOnly
PORT=$(( 20000 + RANDOM % 20000 ))
ASPNETCORE_URLS="http://127.0.0.1:$PORT" Ocr__ModelDirectory="$ROOT/models" Ocr__Device=Cpu Ocr__IntraOpThreads=1 \
  Logging__LogLevel__Default=Warning dotnet "$ROOT/artifacts/inference/Folio.Inference.dll" > "$ROOT/artifacts/bench-service.log" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true' EXIT
FOLIO_SERVICE_URL="http://127.0.0.1:$PORT" FOLIO_MODELS="$ROOT/models" dotnet "$ROOT/artifacts/bench/folio-bench.dll" "$@"

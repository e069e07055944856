#!/usr/bin/env bash
# Folio's engine vs Tesseract 5 on real pages of born-digital PDFs (R manuals, other Debian docs, two-column journal
# samples), clean (150 dpi PNG) and degraded (100 dpi, turned, blurred, noised, JPEG 35), scored against the PDF text
# layer: CER, CER without spaces and word error per page, medians, pages/s, Folio / Tesseract ratios; on the journal
# pages also Folio's born-digital path (text layer through the layout stage).
# Usage: bench/accuracy.sh [--sets manuals,docs,journals] [--conditions clean,degraded] [--pages N=6] [--save DIR]
# FOLIO_BENCH_ENGINES=folio,LABEL compares engine settings (labels defined in bench/Folio.AccuracyBench/EngineSettings.cs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/fetch-models.sh" >/dev/null
command -v tesseract >/dev/null || { echo "bench: needs tesseract (apt-get install tesseract-ocr)" >&2; exit 1; }
[ -f /usr/share/doc/r-doc-pdf/manual/R-lang.pdf ] || { echo "bench: needs real PDFs (apt-get install r-doc-pdf)" >&2; exit 1; }
[ -f /usr/share/doc/texlive-doc/latex/acmart/samples/sample-sigconf.pdf ] || { echo "bench: needs journal samples (apt-get install texlive-publishers-doc)" >&2; exit 1; }
dotnet build "$ROOT/bench/Folio.AccuracyBench/Folio.AccuracyBench.csproj" -c Release -o "$ROOT/artifacts/accuracy-bench" -nologo -v q -clp:ErrorsOnly
FOLIO_MODELS="${FOLIO_MODELS:-$ROOT/models}" dotnet "$ROOT/artifacts/accuracy-bench/folio-accuracy-bench.dll" "$@"

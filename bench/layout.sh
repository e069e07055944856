#!/usr/bin/env bash
# Born-digital pages/s (PDF text layer through the layout stage, no OCR) next to OCR pages/s on the same pages,
# with the OCR result's CER against the born-digital one.
# Usage: bench/layout.sh [PDF=R-intro.pdf] [first page=12] [born-digital pages=40] [OCR pages=3] [dpi=150]
#        bench/layout.sh --columns [PDF=R-intro.pdf] [pages=6] [dpi=150]   (reading order across columns, Folio vs Tesseract)
#        bench/layout.sh --journals [page filter] [dpi=150] [--no-degraded] [--text-layer]
#                        (real two-column journal pages of texlive-publishers-doc: Folio OCR, Tesseract 5, clean and
#                         degraded 150-dpi renderings, and the text-layer path, order-aware CER against the PDF's text order)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/fetch-models.sh" >/dev/null
MODE=()
if [ "${1:-}" = "--journals" ]; then
  [ -d /usr/share/doc/texlive-doc/latex/acmart ] || { echo "bench: journal samples missing (apt-get install texlive-publishers-doc)" >&2; exit 1; }
  dotnet build "$ROOT/bench/Folio.LayoutBench/Folio.LayoutBench.csproj" -c Release -o "$ROOT/artifacts/layout-bench" -nologo -v q -clp:ErrorsOnly
  FOLIO_MODELS="$ROOT/models" exec dotnet "$ROOT/artifacts/layout-bench/folio-layout-bench.dll" "$@"
fi
if [ "${1:-}" = "--columns" ]; then MODE=(--columns); shift; fi
PDF="${1:-/usr/share/R/doc/manual/R-intro.pdf}"
[ -f "$PDF" ] || { echo "bench: $PDF missing (apt-get install r-doc-pdf)" >&2; exit 1; }
dotnet build "$ROOT/bench/Folio.LayoutBench/Folio.LayoutBench.csproj" -c Release -o "$ROOT/artifacts/layout-bench" -nologo -v q -clp:ErrorsOnly
FOLIO_MODELS="$ROOT/models" dotnet "$ROOT/artifacts/layout-bench/folio-layout-bench.dll" "${MODE[@]}" "$PDF" "${@:2}"

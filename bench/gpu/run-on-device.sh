#!/usr/bin/env bash
# Runs on the H100 host (see bench/README.md): reassembles the CUDA provider shipped in chunks to /root/stage,
# checks its SHA-256, unpacks the self-contained bench with models and pages, and measures CUDA and CPU.
set -euo pipefail
STAGE=/root/stage
RUN=/root/run
mkdir -p "$RUN"
cat "$STAGE"/cuda.part.* | xz -dc > "$RUN/libonnxruntime_providers_cuda.so"
echo "$(cut -d' ' -f1 artifacts/gpu/stage/cuda.sha256)  $RUN/libonnxruntime_providers_cuda.so" | sha256sum -c -
xz -dc artifacts/gpu/bundle.tar.xz | tar xf - -C "$RUN"
mv "$RUN/libonnxruntime_providers_cuda.so" "$RUN/app/"
export LD_LIBRARY_PATH=/usr/local/cuda-13.0/targets/x86_64-linux/lib:/usr/lib/x86_64-linux-gnu:/opt/torch/.venv/lib/python3.12/site-packages/nvidia/cu13/lib:/opt/torch/.venv/lib/python3.12/site-packages/nvidia/cudnn/lib
export FOLIO_MODELS="$RUN/models"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
cd "$RUN"
./app/folio-bench pages pages cuda "${WORKERS:-1,4,8}"
[ -n "${SKIP_CPU:-}" ] || ./app/folio-bench pages pages cpu "${CPU_WORKERS:-1,4}" "${CPU_THREADS:-0}"
if [ -n "${PROFILE:-}" ]; then
  ./app/folio-bench profile models/ch_PP-OCRv4_rec_infer.onnx 16 3 48 1600 16 cuda
  ./app/folio-bench profile models/ch_PP-OCRv4_rec_infer.onnx 1 3 48 320 16 cuda
fi

#!/usr/bin/env bash
# Runs on the H200 host (see bench/README.md): reassembles the CUDA provider shipped in chunks to /root/stage,
# checks its SHA-256, unpacks the self-contained bench + inference service with models and pages, and measures:
# the engine in-process under several settings (ENGINE_RUNS), then the service over HTTP on CUDA and on the CPU.
set -euo pipefail
STAGE=/root/stage
RUN=/root/run
mkdir -p "$RUN"
# A call that follows a run on the same warm machine brings no bundle: it measures what that run unpacked.
if [ -f artifacts/gpu/bundle.tar.xz ]; then
  cat "$STAGE"/cuda.part.* | xz -dc > "$RUN/libonnxruntime_providers_cuda.so"
  echo "$(cut -d' ' -f1 artifacts/gpu/stage/cuda.sha256)  $RUN/libonnxruntime_providers_cuda.so" | sha256sum -c -
  xz -dc artifacts/gpu/bundle.tar.xz | tar xf - -C "$RUN"
  mv "$RUN/libonnxruntime_providers_cuda.so" "$RUN/app/"
fi
export LD_LIBRARY_PATH=/usr/local/cuda-13.0/targets/x86_64-linux/lib:/usr/lib/x86_64-linux-gnu:/opt/torch/.venv/lib/python3.12/site-packages/nvidia/cu13/lib:/opt/torch/.venv/lib/python3.12/site-packages/nvidia/cudnn/lib
export FOLIO_MODELS="$RUN/models"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
cd "$RUN"

# Engine runs in-process, each "label|VARIABLE=value ..." (the variables DeviceBench reads), separated by ";".
ENGINE_RUNS="${ENGINE_RUNS:-cross-page batching off|FOLIO_BATCH_WINDOW_MS=0;the defaults (batching on, 1 recognition stream)|;two recognition streams|FOLIO_REC_STREAMS=2;four recognition streams|FOLIO_REC_STREAMS=4;exhaustive cuDNN search for fixed shapes|FOLIO_CUDNN_EXHAUSTIVE=1}"
if [ -z "${SKIP_ENGINE:-}" ]; then
  IFS=';' read -ra runs <<< "$ENGINE_RUNS"
  for run in "${runs[@]}"; do
    echo "== engine in-process, CUDA, ${run%%|*}"
    # shellcheck disable=SC2086 # the settings are words on purpose
    env ${run#*|} ./app/folio-bench pages pages cuda "${WORKERS:-1,8,32}"
  done
fi

serve() { # $1 device, $2 pages in flight, $3 threads per model run
  ASPNETCORE_URLS=http://127.0.0.1:8080 Ocr__ModelDirectory="$RUN/models" Ocr__Device="$1" Ocr__IntraOpThreads="$3" \
    Inference__MaxPagesInFlight="$2" Logging__LogLevel__Default=Warning ./app/Folio.Inference > "$RUN/service-$1.log" 2>&1 &
  SERVICE=$!
  export FOLIO_SERVICE_PID=$SERVICE
}

# Service runs on CUDA, each "label|VARIABLE=value ..." (service settings), separated by ";".
SERVICE_RUNS="${SERVICE_RUNS:-FP32|Ocr__Precision=Fp32;mixed precision (the default)|}"
# TRACE=1: each load level of each service run is traced (ServiceTrace) into $RUN/traces/N, N counting the runs.
IFS=';' read -ra service_runs <<< "$SERVICE_RUNS"
traced=0
for run in "${service_runs[@]}"; do
  echo "== inference service over HTTP, CUDA, ${run%%|*}"
  if [ -n "${TRACE:-}" ]; then traced=$((traced + 1)); export FOLIO_TRACE_DIR="$RUN/traces/$traced"; fi
  read -ra settings <<< "${run#*|}"
  for setting in "${settings[@]}"; do export "${setting?}"; done
  serve Cuda "${MAX_IN_FLIGHT:-128}" 1
  ./app/folio-bench service http://127.0.0.1:8080 pages "${WORKERS:-1,8,32,64,128}" "${ROUNDS:-2}" || tail -20 "$RUN/service-Cuda.log"
  kill "$SERVICE"; wait "$SERVICE" 2>/dev/null || true
  for setting in "${settings[@]}"; do unset "${setting%%=*}"; done
done
unset FOLIO_TRACE_DIR
if [ -z "${SKIP_CPU:-}" ]; then
  echo "== inference service over HTTP, CPU of the same host"
  serve Cpu 16 1
  ./app/folio-bench service http://127.0.0.1:8080 pages "${CPU_WORKERS:-4,16}" 1 || tail -20 "$RUN/service-Cpu.log"
  kill "$SERVICE"; wait "$SERVICE" 2>/dev/null || true
fi
if [ -n "${PRECISION:-}" ]; then
  echo "== FP32 against mixed precision, model by model"
  ./app/folio-bench precision pages cuda
fi
if [ -n "${GRAPHS:-}" ]; then
  echo "== the recognizer: dynamic vs static shape, IO binding, CUDA graphs"
  ./app/folio-bench graphs pages cuda
fi
if [ -n "${INSTANCES:-}" ]; then
  echo "== the recognizer: sessions side by side, precision, NHWC, copies on the session's stream"
  ./app/folio-bench instances pages cuda
fi
if [ -n "${PROFILE:-}" ]; then
  ./app/folio-bench profile models/ch_PP-OCRv4_rec_infer.onnx 16 3 48 1280 16 cuda
  ./app/folio-bench profile models/ch_PP-OCRv4_rec_infer.onnx 16 3 48 1280 16 cuda nhwc
fi

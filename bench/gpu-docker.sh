#!/usr/bin/env bash
# The user-facing figures of the Docker path on a GPU machine (issue 16): each gpu-training command beside the
# docker command that does the same, alternating, medians of N runs (default 5). Run where a CDI-capable dockerd
# and a PyTorch image are (shared/tools/gpu-docker's `up`), with the jlink bundle (scripts/gpu-bundle):
#   GT_BUNDLE=.device/bundle bench/gpu-docker.sh IMAGE
#   run   `gpu-training run --gpus all -- nvidia-smi -L`   vs  `docker run --rm --device nvidia.com/gpu=all … nvidia-smi -L`
#   P2    `gpu-training health --gpus all --skip-allreduce` vs `docker run --rm --device nvidia.com/gpu=all … import torch`
# Both gpu-training commands are whole CLI runs (JVM start included). A failed run fails the script: no figure
# comes from a run that did not work.
set -euo pipefail
cd "$(dirname "$0")/.."
image=${1:?usage: bench/gpu-docker.sh IMAGE}
n=${N:-5}
cli=("${GT_BUNDLE:-.device/bundle}/gpu-training")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
timed() { # OUTVAR COMMAND...: seconds, or exit 1 with the command's output
  local var=$1 start code=0; shift
  start=$(now)
  "$@" >"$work/out" 2>&1 || code=$?
  if ((code != 0)); then echo "FAILED (exit $code): $*" >&2; tail -n 30 "$work/out" >&2; exit 1; fi
  printf -v "$var" '%s' "$(python3 -c "print(round($(now) - $start, 3))")"
}
gpu=(--device nvidia.com/gpu=all)
pairs=(
  "run|${cli[*]} run --image $image --pull never --gpus all --network none -- nvidia-smi -L|docker run --rm --network none ${gpu[*]} $image nvidia-smi -L"
  "P2|${cli[*]} health --image $image --pull never --gpus all --skip-allreduce --report $work/report.json|docker run --rm --network none ${gpu[*]} $image python3 -c import\ torch"
)
echo "gpu-training vs docker on $(nvidia-smi --query-gpu=name --format=csv,noheader | head -n 1), $n runs each, alternating (load: $(cut -d' ' -f1 /proc/loadavg))"
for pair in "${pairs[@]}"; do
  IFS='|' read -r name ours theirs <<<"$pair"
  read -ra ours_argv <<<"$ours"
  read -ra theirs_argv <<<"${theirs//import\\ torch/import__torch}"
  theirs_argv=("${theirs_argv[@]/import__torch/import torch}")
  timed warm "${ours_argv[@]}"; timed warm "${theirs_argv[@]}" # first runs: page cache, class-data archive
  a=(); b=()
  for ((i = 0; i < n; i++)); do
    timed t "${ours_argv[@]}"; a+=("$t")
    timed t "${theirs_argv[@]}"; b+=("$t")
  done
  ma=$(median "${a[@]}"); mb=$(median "${b[@]}")
  echo "$name: gpu-training median ${ma} s (${a[*]}) | docker median ${mb} s (${b[*]}) | +$(python3 -c "print(round($ma - $mb, 3))") s, $(python3 -c "print(round($ma / $mb, 2))")x"
done

#!/usr/bin/env bash
# P2: preflight wall time vs a bare `python3 -c "import torch"` in the same place, alternating runs.
#   bench/preflight.sh docker IMAGE   the probe in a container of IMAGE vs `docker run IMAGE python3 -c "import torch"`
#   bench/preflight.sh local          on this host (an agent that is the image) vs `python3 -c "import torch"`
# GT_CLI: how to run the CLI (default: java -jar cli/target/gpu-training.jar); N: runs each (default 5).
# Prints medians and the difference. Not a test: nothing fails on a number.
set -euo pipefail
mode=${1:?docker IMAGE or local}
image=${2:-}
n=${N:-5}
cli=${GT_CLI:-java -jar cli/target/gpu-training.jar}
now() { date +%s.%N; }
calc() { python3 -c "print(round($1, 3))"; }
declare -a base=() pre=() inner=()
json=$(mktemp); trap 'rm -f "$json"' EXIT
for ((i = 0; i < n; i++)); do
  t0=$(now)
  if [[ $mode == docker ]]; then
    docker run --rm --network none "$image" python3 -c "import torch" >/dev/null 2>&1
  else
    python3 -c "import torch" >/dev/null 2>&1
  fi
  t1=$(now)
  if [[ $mode == docker ]]; then
    $cli health --image "$image" --gpus none --allow-cpu-fallback --report "$json" >/dev/null 2>&1 || true
  else
    $cli health --runtime local --gpus all --skip-allreduce --report "$json" >/dev/null 2>&1 || true
  fi
  t2=$(now)
  base+=("$(calc "$t1 - $t0")")
  pre+=("$(calc "$t2 - $t1")")
  inner+=("$(python3 -c "import json,sys; print(json.load(open('$json'))['timings']['totalMillis'] / 1000)")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mb=$(median "${base[@]}"); mp=$(median "${pre[@]}"); mi=$(median "${inner[@]}")
echo "P2 preflight ($mode${image:+ $image}), $n runs each, alternating"
echo "  import torch (bare)          median ${mb}s   runs: ${base[*]}"
echo "  gpu-training health (CLI)    median ${mp}s   runs: ${pre[*]}"
echo "  preflight inside the engine  median ${mi}s   (report timings.totalMillis; no JVM start)"
printf '  difference: CLI %+.2fs, engine %+.2fs vs bare import (goal: at most +0.5 s)\n' \
  "$(calc "$mp - $mb")" "$(calc "$mi - $mb")"

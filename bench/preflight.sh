#!/usr/bin/env bash
# P2: preflight wall time vs a bare `python3 -c "import torch"` in the same place, alternating runs.
#   bench/preflight.sh docker IMAGE   the CPU form: the probe in a container of IMAGE (no GPUs, CPU fallback
#                                     allowed) vs `docker run IMAGE python3 -c "import torch"`
#   bench/preflight.sh local          on this host, an agent that is the image: all GPUs, all-reduce left out,
#                                     vs `python3 -c "import torch"` (the GPU form, on the accelerator machine)
# Two figures, each against bare imports timed in the same loop:
#   CLI     `gpu-training health` as a command, timed by this script's clock (JVM start included)
#   engine  GpuHealthCheck.run inside a JVM that is already up (a Jenkins agent's case), timed by the clock of
#           io.gputraining.bench.PreflightBenchmark around the call, not by the report's own timings
# GT_BUNDLE=DIR runs both from the jlink bundle of scripts/gpu-bundle (DIR/gpu-training, DIR/jre, DIR/lib);
# otherwise the CLI is `java -jar cli/target/gpu-training.jar` and the engine runs from bench/target/classes
# (GT_BENCH_CP: its class path; scripts/bench passes it). N: runs each (default 5).
# A run that fails (non-zero exit, a FAIL verdict, no report written) fails the benchmark: no figure is
# printed from stale or partial results. Not a test: nothing fails on a number.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?docker IMAGE or local}
image=${2:-}
[[ $mode == local || ( $mode == docker && -n $image ) ]] || { echo "usage: bench/preflight.sh docker IMAGE | local" >&2; exit 2; }
n=${N:-5}
if [[ -n ${GT_BUNDLE:-} ]]; then
  cli=("$GT_BUNDLE/gpu-training")
  harness=("$GT_BUNDLE/jre/bin/java" -cp "$GT_BUNDLE/lib/*")
else
  cli=(java -jar cli/target/gpu-training.jar)
  if [[ -z ${GT_BENCH_CP:-} ]]; then
    mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile="$(pwd)/bench/target/classpath.txt" >/dev/null
    GT_BENCH_CP="bench/target/classes:$(cat bench/target/classpath.txt)"
  fi
  harness=(java -cp "$GT_BENCH_CP")
fi
if [[ $mode == docker ]]; then
  bare=(docker run --rm --network none "$image" python3 -c "import torch")
  health=(health --image "$image" --gpus none --allow-cpu-fallback)
  engine_args=(docker "$image")
else
  bare=(python3 -c "import torch")
  health=(health --runtime local --gpus all --skip-allreduce)
  engine_args=(local)
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
calc() { python3 -c "print(round($1, 3))"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# One CLI run: must exit 0 and write its own fresh report, which must not say FAIL.
cli_health() { # REPORT-FILE
  local code=0
  "${cli[@]}" "${health[@]}" --report "$1" >"$work/cli.out" 2>&1 || code=$?
  if [[ $code != 0 || ! -s $1 ]]; then
    echo "P2: gpu-training ${health[*]} exited $code$([[ -s $1 ]] || echo ', no report'); no figure. Its output:" >&2
    tail -n 30 "$work/cli.out" >&2
    exit 1
  fi
}
echo "P2 preflight ($mode${image:+ $image}), $n runs each, alternating (load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)"
# Warm-up, not measured: the image present, the page cache warm, the bundle's class-data archive made.
"${bare[@]}" >/dev/null 2>&1 || { echo "P2: ${bare[*]} fails here; no figure" >&2; exit 1; }
cli_health "$work/warm-up.json"

declare -a base=() pre=()
for ((i = 0; i < n; i++)); do
  t0=$(now)
  "${bare[@]}" >/dev/null 2>&1 || { echo "P2: ${bare[*]} failed in run $i; no figure" >&2; exit 1; }
  t1=$(now)
  cli_health "$work/report-$i.json"
  t2=$(now)
  base+=("$(calc "$t1 - $t0")")
  pre+=("$(calc "$t2 - $t1")")
done
mb=$(median "${base[@]}"); mp=$(median "${pre[@]}")
echo "  import torch (bare)            median ${mb}s   runs: ${base[*]}"
echo "  gpu-training health (CLI)      median ${mp}s   runs: ${pre[*]}"
printf '  P2 CLI preflight: %+.2fs vs bare import (goal: at most +0.80 s)\n' "$(calc "$mp - $mb")"
"${harness[@]}" io.gputraining.bench.PreflightBenchmark "${engine_args[@]}" "$n" | sed 's/^/  /'

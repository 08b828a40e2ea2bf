#!/usr/bin/env bash
# P5: log streaming. A command in the pinned image prints SIZE_MIB (default 200) of numbered 100-byte lines;
# `gpu-training run` and `gpu-training train` stream them to a file, `docker run --rm` too, alternating, each
# command timed whole (JVM start included) by this script's clock. Every output is checked against the lines
# generated here: a byte lost, added or out of order fails the benchmark. Prints the medians and the throughput
# ratios (goal >= 0.95x docker run). `docker run --log-driver none` is printed beside them for information: the
# engine skips the daemon's json-file copy of the output (DaemonLogCopy), docker run keeps it.
# Usage: bench/logs.sh [SIZE_MIB]   (scripts/testenv-up must have run; uses .testenv/env); N: runs (default 3).
# GT_CLI: how to run the CLI (default: java -jar cli/target/gpu-training.jar).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC1091
source .testenv/env
mib=${1:-200}
n=${N:-3}
read -r -a cli <<< "${GT_CLI:-java -jar cli/target/gpu-training.jar}"
image=$GT_TEST_TORCH_IMAGE
lines=$(( (mib << 20) / 100 ))
format='log line %08.0f: epoch 3 step 1200 loss 0.123456 lr 0.001 tokens/s 12345.6 ......................'
[[ $(printf "$format\n" 1 | wc -c) == 100 ]] || { echo "P5: the line format is not 100 bytes" >&2; exit 2; }
generate="seq -f '$format' 1 $lines"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
bytes=$(( lines * 100 ))
expected=$(seq -f "$format" 1 "$lines" | sha256sum | cut -d' ' -f1)

now() { date +%s.%N; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# check NAME FILE: the first $bytes bytes are the generated lines; what follows (train's result lines) is not output
check() {
  local got rest
  got=$(head -c "$bytes" "$2" | sha256sum | cut -d' ' -f1)
  if [[ $got != "$expected" || $(stat -c %s "$2") -lt $bytes ]]; then
    echo "P5: $1 lost, added or reordered bytes: $(stat -c %s "$2") bytes, sha256 of the first $bytes: $got, expected $expected" >&2
    exit 1
  fi
  rest=$(tail -c +"$((bytes + 1))" "$2" | head -c 200)
  if [[ $1 != train && -n $rest ]]; then
    echo "P5: $1 printed more than the lines: '$rest'" >&2
    exit 1
  fi
}
timed() { # NAME OUTFILE CMD... -> seconds; fails the benchmark when CMD fails or its output is wrong
  local name=$1 out=$2 t0 t1
  shift 2
  t0=$(now)
  if ! "$@" >"$out" 2>"$work/$name.err"; then
    echo "P5: $name failed:" >&2
    tail -n 20 "$work/$name.err" >&2
    exit 1
  fi
  t1=$(now)
  check "$name" "$out"
  rm -f "$out"
  python3 -c "print(round($t1 - $t0, 3))"
}
docker_run() { docker run --rm --network none "$image" sh -c "$generate"; }
docker_run_nolog() { docker run --rm --network none --log-driver none "$image" sh -c "$generate"; }
gt_run() { "${cli[@]}" run --image "$image" -- sh -c "$generate"; }
gt_train() {
  "${cli[@]}" train --image "$image" --gpus none --no-preflight --model p5-bench --registry "local:$work/registry" \
    --workspace "$work" --artifacts done.txt -- sh -c "$generate; echo done > \"\$GPU_TRAINING_OUTPUT_DIR/done.txt\""
}

echo "P5 log streaming: $mib MiB in $lines lines of 100 bytes, $n runs each, alternating (load: $(cut -d' ' -f1-3 /proc/loadavg))"
# Warm-up, not measured: the image's files in the page cache, the JVM's jar too.
docker_run >/dev/null
gt_run >/dev/null 2>&1
declare -a d=() dn=() r=() t=()
for ((i = 0; i < n; i++)); do
  d+=("$(timed docker "$work/out" docker_run)")
  r+=("$(timed run "$work/out" gt_run)")
  t+=("$(timed train "$work/out" gt_train)")
  dn+=("$(timed docker-nolog "$work/out" docker_run_nolog)")
done
md=$(median "${d[@]}"); mr=$(median "${r[@]}"); mt=$(median "${t[@]}"); mdn=$(median "${dn[@]}")
python3 - "$mib" "$md" "$mr" "$mt" "$mdn" "${d[*]}" "${r[*]}" "${t[*]}" "${dn[*]}" <<'PY'
import sys
mib, md, mr, mt, mdn = int(sys.argv[1]), *map(float, sys.argv[2:6])
runs = sys.argv[6:10]
rows = [("docker run --rm", md, runs[0]), ("gpu-training run", mr, runs[1]), ("gpu-training train", mt, runs[2]),
        ("docker run --rm --log-driver none (information)", mdn, runs[3])]
for name, m, each in rows:
    print("  %-50s median %6.2f s  %6.1f MiB/s   runs: %s" % (name, m, mib / m, each))
print("  every output checked: all %d MiB, in order, nothing lost or added" % mib)
print("  P5 run   throughput ratio vs docker run: %.2fx (goal >= 0.95x)" % (md / mr))
print("  P5 train throughput ratio vs docker run: %.2fx (goal >= 0.95x; train also leases, collects and registers)" % (md / mt))
PY

#!/usr/bin/env bash
# P3: upload of a big file (default 2 GiB) to the OCI registry (and MLflow's artifact proxy, when the test
# environment has one) through the engine, under -Xmx128m, vs `curl -T` to the same endpoint, same run.
# Prints the throughput ratio (goal >= 0.90x) and the heap the engine needed (goal <= 128 MiB). The engine runs
# its default path: MLflow uploads verified as MlflowSettings.DEFAULT_VERIFICATION says (sizes listed by the
# server, and the sha256 of the bytes sent). READ_BACK=1 also measures `--mlflow-verify read-back`.
# Usage: bench/upload.sh [SIZE_MIB]   (scripts/testenv-up must have run; uses .testenv/env)
# BENCH_BUILT=1: the bench module is already built (scripts/bench builds once for every figure).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC1091
source .testenv/env
size=${1:-2048}
work=$(mktemp -d)
base=gpu-training/upload-bench-$RANDOM$RANDOM
mlflow_auth=(-u "${GT_TEST_MLFLOW_USER:-}:${GT_TEST_MLFLOW_PASSWORD:-}")
# A run stores 8 GiB or more (every upload of the file, the engine's and curl's): remove it again, whatever happens.
# MLflow through its API (registered models, artifact directories). The test registry has no API that frees
# blob data short of a garbage collection with the registry stopped, so its storage is cleaned directly: this
# run's repositories and the blobs no other repository links to.
cleanup() {
  local line model path digest
  if [[ -f $work/created ]]; then
    while read -r line; do
      read -r _ _ model _ path <<< "$line"
      curl -sS "${mlflow_auth[@]}" -X DELETE -H 'Content-Type: application/json' -d "{\"name\":\"$model\"}" \
        "$GT_TEST_MLFLOW_URL/api/2.0/mlflow/registered-models/delete" -o /dev/null || true
      curl -sS "${mlflow_auth[@]}" -X DELETE "$GT_TEST_MLFLOW_URL/api/2.0/mlflow-artifacts/artifacts/$path" -o /dev/null || true
    done < "$work/created"
  fi
  if [[ -n ${GT_TEST_MLFLOW_URL:-} ]]; then
    curl -sS "${mlflow_auth[@]}" -X DELETE "$GT_TEST_MLFLOW_URL/api/2.0/mlflow-artifacts/artifacts/upload-bench/${base##*/}" -o /dev/null || true
  fi
  local repos=${GT_TEST_REGISTRY_DATA:-}/docker/registry/v2/repositories
  if [[ -n ${GT_TEST_REGISTRY_DATA:-} && -d $repos ]]; then
    (cd "$repos" && find "$base"-* -path '*/_layers/sha256/*' -name link -exec sh -c 'cat "$1"; echo' _ {} \; 2>/dev/null) \
      | sed 's/^sha256://' | sort -u > "$work/ours"
    (cd "$repos" && find . -path '*/_layers/sha256/*' -name link -not -path "./$base-*" -exec sh -c 'cat "$1"; echo' _ {} \;) \
      | sed 's/^sha256://' | sort -u > "$work/theirs"
    comm -23 "$work/ours" "$work/theirs" | while read -r digest; do
      [[ $digest =~ ^[0-9a-f]{64}$ ]] && rm -rf "$GT_TEST_REGISTRY_DATA/docker/registry/v2/blobs/sha256/${digest:0:2}/$digest"
    done
    rm -rf "$repos/$base"-*
  fi
  rm -rf "$work"
}
trap cleanup EXIT
file=$work/weights.bin
head -c "$((size << 20))" /dev/urandom > "$file"
digest=sha256:$(sha256sum "$file" | cut -d' ' -f1)
[[ ${BENCH_BUILT:-} == 1 ]] || mvn -B -q -DskipTests install -pl bench -am
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile="$work/cp" >/dev/null
cp="bench/target/classes:$(cat "$work/cp")"
echo "P3 upload of $size MiB (load: $(cut -d' ' -f1-3 /proc/loadavg))"

# Each target gets two rounds in opposite orders (engine then curl, curl then engine), each timed upload after
# `sync`: whichever goes second pays for the first one's writeback, so a single order biases the ratio.
engine_upload() { # REGISTRY-SPEC [MLFLOW-VERIFY] -> "SECONDS MAX-HEAP-MIB"
  local out
  sync
  out=$(MLFLOW_VERIFY=${2:-} java -Xmx128m -cp "$cp" io.gputraining.bench.UploadBenchmark "$1" "$file")
  grep '^created: ' <<< "$out" >> "$work/created" || true
  sed -n 's/^engine upload: \([0-9.]*\) s.*max heap used \([0-9.]*\) MiB.*/\1 \2/p' <<< "$out"
}
curl_oci() {
  local repo=$1 location sep t0 t1
  sync
  t0=$(date +%s.%N)
  location=$(curl -sS -D - -o /dev/null -X POST "http://$GT_TEST_REGISTRY/v2/$repo/blobs/uploads/" | tr -d '\r' | awk -F': ' 'tolower($1)=="location"{print $2}')
  case $location in http*) ;; *) location="http://$GT_TEST_REGISTRY$location" ;; esac
  sep='?'; [[ $location == *\?* ]] && sep='&'
  curl -sS -f -T "$file" -X PUT -H 'Content-Type: application/octet-stream' "$location${sep}digest=$digest" -o /dev/null
  t1=$(date +%s.%N)
  python3 -c "print(round($t1 - $t0, 2))"
}
curl_mlflow() {
  local t0 t1
  sync
  t0=$(date +%s.%N)
  curl -sS -f "${mlflow_auth[@]}" -T "$file" -X PUT \
    "$GT_TEST_MLFLOW_URL/api/2.0/mlflow-artifacts/artifacts/upload-bench/${base##*/}/curl-$RANDOM$RANDOM/weights.bin" -o /dev/null
  t1=$(date +%s.%N)
  python3 -c "print(round($t1 - $t0, 2))"
}
report() { # NAME "ENGINE1 HEAP1" CURL1 "ENGINE2 HEAP2" CURL2
  local e1 h1 e2 h2
  read -r e1 h1 <<< "$2"
  read -r e2 h2 <<< "$4"
  echo "  $1 engine: ${e1}s first, ${e2}s second (max heap ${h1}, ${h2} MiB of -Xmx128m); curl -T: ${5}s first, ${3}s second"
  python3 -c "print('  $1 throughput ratio engine/curl over both orders: %.2fx (goal >= 0.90x, heap <= 128 MiB)' % (($3 + $5) / ($e1 + $e2)))"
}

e1=$(engine_upload "oci:$GT_TEST_REGISTRY/$base-a"); c1=$(curl_oci "$base-curl-a")
c2=$(curl_oci "$base-curl-b"); e2=$(engine_upload "oci:$GT_TEST_REGISTRY/$base-b")
report oci "$e1" "$c1" "$e2" "$c2"

if [[ -n ${GT_TEST_MLFLOW_URL:-} ]]; then
  e1=$(engine_upload "mlflow:$GT_TEST_MLFLOW_URL"); c1=$(curl_mlflow)
  c2=$(curl_mlflow); e2=$(engine_upload "mlflow:$GT_TEST_MLFLOW_URL")
  report "mlflow (default verification: size + sha256 of the bytes sent)" "$e1" "$c1" "$e2" "$c2"
  if [[ ${READ_BACK:-} == 1 ]]; then
    e1=$(engine_upload "mlflow:$GT_TEST_MLFLOW_URL" read-back); c1=$(curl_mlflow)
    c2=$(curl_mlflow); e2=$(engine_upload "mlflow:$GT_TEST_MLFLOW_URL" read-back)
    report "mlflow --mlflow-verify read-back (not the default)" "$e1" "$c1" "$e2" "$c2"
  fi
else
  echo "  mlflow: no GT_TEST_MLFLOW_URL in .testenv/env; not measured"
fi

#!/usr/bin/env bash
# P3: upload of a big file (default 2 GiB) to the OCI registry (and MLflow's artifact proxy, when the test
# environment has one) through the engine, under -Xmx128m, vs `curl -T` to the same endpoint, same run.
# Prints the throughput ratio (goal >= 0.90x) and the heap the engine needed (goal <= 128 MiB).
# Usage: bench/upload.sh [SIZE_MIB]   (scripts/testenv-up must have run; uses .testenv/env)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC1091
source .testenv/env
size=${1:-2048}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
file=$work/weights.bin
head -c "$((size << 20))" /dev/urandom > "$file"
digest=sha256:$(sha256sum "$file" | cut -d' ' -f1)
mvn -B -q -DskipTests install -pl bench -am
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile="$work/cp" >/dev/null
cp="bench/target/classes:$(cat "$work/cp")"
echo "P3 upload of $size MiB"

# OCI: curl's monolithic upload (POST for a location, PUT the body with the digest) vs the engine's push.
repo=gpu-training/upload-bench-$RANDOM$RANDOM
t0=$(date +%s.%N)
location=$(curl -sS -D - -o /dev/null -X POST "http://$GT_TEST_REGISTRY/v2/$repo-curl/blobs/uploads/" | tr -d '\r' | awk -F': ' 'tolower($1)=="location"{print $2}')
case $location in http*) ;; *) location="http://$GT_TEST_REGISTRY$location" ;; esac
sep='?'; [[ $location == *\?* ]] && sep='&'
curl -sS -f -T "$file" -X PUT -H 'Content-Type: application/octet-stream' "$location${sep}digest=$digest" -o /dev/null
t1=$(date +%s.%N)
curl_s=$(python3 -c "print(round($t1 - $t0, 2))")
out=$(java -Xmx128m -cp "$cp" io.gputraining.bench.UploadBenchmark "oci:$GT_TEST_REGISTRY/$repo" "$file")
engine_s=$(sed -n 's/^engine upload: \([0-9.]*\) s.*/\1/p' <<< "$out")
echo "  oci    curl -T: ${curl_s}s   $out"
python3 -c "print('  oci    throughput ratio engine/curl: %.2fx (goal >= 0.90x)' % ($curl_s / $engine_s))"

if [[ -n ${GT_TEST_MLFLOW_URL:-} ]]; then
  t0=$(date +%s.%N)
  curl -sS -f -u "${GT_TEST_MLFLOW_USER:-}:${GT_TEST_MLFLOW_PASSWORD:-}" -T "$file" -X PUT \
    "$GT_TEST_MLFLOW_URL/api/2.0/mlflow-artifacts/artifacts/upload-bench/curl-$RANDOM/weights.bin" -o /dev/null
  t1=$(date +%s.%N)
  curl_s=$(python3 -c "print(round($t1 - $t0, 2))")
  out=$(java -Xmx128m -cp "$cp" io.gputraining.bench.UploadBenchmark "mlflow:$GT_TEST_MLFLOW_URL" "$file")
  engine_s=$(sed -n 's/^engine upload: \([0-9.]*\) s.*/\1/p' <<< "$out")
  echo "  mlflow curl -T: ${curl_s}s   $out"
  python3 -c "print('  mlflow throughput ratio engine/curl: %.2fx (goal >= 0.90x)' % ($curl_s / $engine_s))"
else
  echo "  mlflow: no GT_TEST_MLFLOW_URL in .testenv/env; not measured"
fi

#!/usr/bin/env bash
# Stand-in for nvidia-smi in tests (there is no GPU here or on CI): replays real outputs captured on GPU hosts
# by fixtures/gpu/capture-gpu-fixtures.sh. It answers only the exact queries that script asked, so a probe
# asking anything else fails here as an unknown query would fail on a real host.
# The test puts the outputs to replay in replay/ beside this script:
#   query-gpu.csv, compute-apps.csv, nvidia-smi-q.xml   the answers
#   fail-stdout or fail-stderr, fail-status             print that message on that stream, exit with that status
#   hang                                                 hang (a child sleeps; its pid goes to hang.pid)
#   delay                                                answer after that many seconds (a slow driver)
here=$(cd "$(dirname "$0")" && pwd)
replay="$here/replay"
q=index,name,uuid,pci.bus_id,driver_version,vbios_version,memory.total,memory.used,memory.free,temperature.gpu,power.draw,power.limit,utilization.gpu,utilization.memory,ecc.mode.current,ecc.errors.uncorrected.volatile.total,ecc.errors.corrected.volatile.total,retired_pages.pending,mig.mode.current,compute_cap,pcie.link.gen.current,pcie.link.width.current,clocks_throttle_reasons.active,persistence_mode,compute_mode,display_mode
apps=gpu_uuid,pid,process_name,used_memory
echo "$*" >> "$here/calls.log"
if [ -f "$replay/delay" ]; then sleep "$(cat "$replay/delay")"; fi
if [ -f "$replay/hang" ]; then
  sleep 120 &
  echo $! > "$here/hang.pid"
  wait
fi
if [ -f "$replay/fail-stdout" ]; then cat "$replay/fail-stdout"; exit "$(cat "$replay/fail-status")"; fi
if [ -f "$replay/fail-stderr" ]; then cat "$replay/fail-stderr" >&2; exit "$(cat "$replay/fail-status")"; fi
case "$*" in
  "--query-gpu=$q --format=csv") cat "$replay/query-gpu.csv" ;;
  "--query-compute-apps=$apps --format=csv") cat "$replay/compute-apps.csv" ;;
  "-q -x") cat "$replay/nvidia-smi-q.xml" ;;
  *) echo "stand-in nvidia-smi: not a captured query: $*" >&2; exit 2 ;;
esac

# shellcheck shell=bash
# Shared by scripts/testenv-up and scripts/test: logging, timing, installing Debian packages on demand.
# Sourced, not executed. Callers run under `set -euo pipefail`.

log() { printf '[testenv] %s\n' "$*"; }

die() {
  printf '[testenv] ERROR: %s\n' "$*" >&2
  exit 1
}

now() { date +%s.%N; }

# seconds_since START -> "12.3"
seconds_since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }

# Runs a command as root: directly when we are root (CI, fresh machines), through sudo otherwise.
as_root() {
  if ((EUID == 0)); then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root to run '$*' (not root and no sudo); run this script as root"
  fi
}

package_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == installed ]]
}

APT_UPDATED=0

# ensure_packages PKG... installs the Debian packages that are missing; `apt-get update` runs at most once
# per script run, and only when something is missing, so a provisioned machine never touches the network.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    package_installed "$pkg" || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  command -v apt-get >/dev/null 2>&1 \
    || die "missing packages ${missing[*]} and no apt-get to install them (this expects Debian bookworm)"
  log "installing missing packages: ${missing[*]}"
  if ((APT_UPDATED == 0)); then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    </dev/null
}

DETACHED_PID=""

# start_detached LOG COMMAND...: starts COMMAND so that it outlives this script: its own session (setsid),
# SIGHUP ignored (nohup), stdin from /dev/null, output appended to LOG, and no other inherited descriptor —
# a CI runner waits for every holder of its pipes, and the provisioning lock must not outlive the script.
# The subshell execs, so no shell lingers as the daemon's parent. Sets DETACHED_PID.
start_detached() {
  local log_file=$1
  shift
  (
    for fd in /proc/"$BASHPID"/fd/*; do
      fd=${fd##*/}
      if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec setsid nohup "$@" </dev/null >>"$log_file" 2>&1
  ) &
  # shellcheck disable=SC2034 # read by the scripts that source this file
  DETACHED_PID=$!
}

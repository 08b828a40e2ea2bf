# Ends the processes whose environment holds every NAME=value given as argument 2 and on, the way Jenkins
# marks the processes of one build step (JENKINS_SERVER_COOKIE): SIGTERM, then SIGKILL for those still there
# after $1 seconds. Prints the pids it found. POSIX sh, tr and grep: any image that can run a build has them.
# The marks come as arguments, never in this shell's environment, so it never finds itself.
grace=$1
shift
marked() {
  for dir in /proc/[0-9]*; do
    env=$( { tr '\000' '\n' < "$dir/environ"; } 2>/dev/null) || continue
    [ -n "$env" ] || continue
    all=1
    for mark in "$@"; do
      printf '%s\n' "$env" | grep -qxF -e "$mark" || { all=0; break; }
    done
    [ "$all" = 1 ] && printf '%s ' "${dir#/proc/}"
  done
  return 0
}
found=$(marked "$@")
[ -n "$found" ] || exit 0
echo "$found"
kill -TERM $found 2>/dev/null
waited=0
while [ "$waited" -lt "$grace" ]; do
  [ -n "$(marked "$@")" ] || exit 0
  sleep 1
  waited=$((waited + 1))
done
left=$(marked "$@")
[ -z "$left" ] || kill -KILL $left 2>/dev/null
exit 0

# gpu-training: holds the container's GPU leases for as long as the container's command runs, then runs it.
# Arguments: lock files..., "--", the command. Each lock file's hold byte (offset 1, length 1) is locked with
# fcntl, the lock the agent's JVM hands over; the descriptors stay open across the exec, so the command (the
# container's main process) holds the GPUs until it ends, whatever becomes of the JVM that leased them.
import fcntl
import os
import sys

HOLD_OFFSET = 1

args = sys.argv[1:]
split = args.index("--")
locks, command = args[:split], args[split + 1:]
for path in locks:
    fd = os.open(path, os.O_RDWR)
    os.set_inheritable(fd, True)
    fcntl.lockf(fd, fcntl.LOCK_EX, 1, HOLD_OFFSET, os.SEEK_SET)
try:
    os.execvp(command[0], command)
except OSError as e:
    sys.stderr.write("gpu-training: cannot run %s: %s\n" % (command[0], e.strerror))
    sys.exit(127)

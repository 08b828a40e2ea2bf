#!/usr/bin/env python3
"""In-image probe of the GPU preflight.

Copied into a training image's container by the engine and run there with the image's own python3. It
prints exactly ONE JSON document on stdout (everything else goes to stderr) describing what PyTorch in
that image can do on the GPUs it was given: versions, devices, a verified matmul per device (or on the
CPU when there is none) and, with two or more GPUs, a verified NCCL all-reduce.

It needs nothing but the standard library and torch, runs on Python 3.8+, and depends on no other file
in the image. Everything that touches torch runs in child processes of this script ("workers") that
report back line by line; the parent never imports torch, so a hung `import torch`, a hung CUDA init or
a hung collective only costs its timeout: the worker is killed and the check is reported as "timeout".
The exit status is 0 whenever the JSON was written (what the checks found is not an error of the probe);
2 when the arguments were wrong (the JSON then says so too).
"""
import argparse
import json
import math
import os
import platform
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time

SCHEMA_VERSION = 1

OK, FAILED, TIMEOUT, SKIPPED, MISSING = "ok", "failed", "timeout", "skipped", "missing"

# Relative (Frobenius) error of an fp32 matmul against the fp64 CPU reference. Plain fp32 lands near 1e-6
# for random normal inputs; TF32 keeps 10 mantissa bits, which puts it near 5e-4. Each bound leaves a
# margin of ten or more over what a healthy device produces, and catches a device that computes garbage.
FP32_TOLERANCE = 1e-4
TF32_TOLERANCE = 5e-3

ERROR_TEXT_LIMIT = 4000
KILL_REAP_SECONDS = 5.0


# ---------------------------------------------------------------------------------------------------
# Pure helpers (no torch): tested on hosts without torch.
# ---------------------------------------------------------------------------------------------------

def format_version_code(code):
    """Turns a library version as torch reports it into "major.minor.patch".

    NCCL and cuDNN encode versions as integers: major*1000+minor*100+patch before NCCL 2.9 / cuDNN 9,
    major*10000+minor*100+patch since. Newer torch returns NCCL's version as a tuple already.
    """
    if code is None:
        return None
    if isinstance(code, (tuple, list)):
        return ".".join(str(int(part)) for part in code)
    if isinstance(code, bool) or not isinstance(code, int):
        return str(code)
    major, rest = divmod(code, 10000) if code >= 10000 else divmod(code, 1000)
    minor, patch = divmod(rest, 100)
    return "%d.%d.%d" % (major, minor, patch)


CPU_MATMUL_SIZE = 256


def matmul_tolerance(tf32):
    return TF32_TOLERANCE if tf32 else FP32_TOLERANCE


def error_text(exc):
    """The exception's type and full message (CUDA errors span several lines), bounded in length."""
    message = str(exc).strip()
    text = type(exc).__name__ + (": " + message if message else "")
    return text if len(text) <= ERROR_TEXT_LIMIT else text[:ERROR_TEXT_LIMIT] + "..."


def describe_exit(returncode):
    if returncode is None:
        return "did not exit after SIGKILL (stuck in the kernel or driver)"
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = "signal %d" % -returncode
        return "was killed by %s" % name
    return "exited with status %d" % returncode


def json_safe(value):
    """JSON has no NaN or Infinity: they become null, so strict parsers (Jackson) accept the document."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)


def check(status, error=None, elapsed=None, timeout_s=None, **details):
    """Every check has the same four fields, then its own details."""
    result = {"status": status, "error": error, "elapsedMs": elapsed, "timeoutSeconds": timeout_s}
    result.update(details)
    return result


def skipped(reason, **details):
    return check(SKIPPED, reason, **details)


def free_loopback_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OptionsError(Exception):
    pass


class OptionParser(argparse.ArgumentParser):
    def error(self, message):
        raise OptionsError(message)


def positive(kind):
    def parse(text):
        value = kind(text)
        if not value > 0:
            raise argparse.ArgumentTypeError("must be greater than 0, was %s" % text)
        return value
    return parse


def option_parser():
    p = OptionParser(prog="gpu_probe.py", description="GPU preflight probe: prints one JSON document.")
    p.add_argument("--import-timeout", type=positive(float), default=180.0, help="seconds for import torch")
    p.add_argument("--cuda-timeout", type=positive(float), default=60.0,
                   help="seconds for CUDA init, and for each device's query")
    p.add_argument("--matmul-timeout", type=positive(float), default=60.0, help="seconds per matmul check")
    p.add_argument("--allreduce-timeout", type=positive(float), default=120.0,
                   help="seconds for the all-reduce once every rank has imported torch")
    p.add_argument("--matmul-size", type=positive(int), default=1024, help="n of the n x n matmul")
    p.add_argument("--matmul-runs", type=positive(int), default=3, help="timed runs after the first")
    p.add_argument("--seed", type=int, default=1234, help="seed of the matmul inputs")
    p.add_argument("--allreduce-elements", type=positive(int), default=16 * 1024 * 1024,
                   help="float32 elements per rank")
    p.add_argument("--allreduce-iterations", type=positive(int), default=5, help="timed all-reduces")
    p.add_argument("--skip-allreduce", action="store_true", help="do not run the multi-GPU all-reduce")
    # Internal: how the parent starts its workers.
    p.add_argument("--worker", choices=["inspect", "allreduce"], help=argparse.SUPPRESS)
    p.add_argument("--devices", default="", help=argparse.SUPPRESS)
    p.add_argument("--rank", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--world-size", type=int, default=1, help=argparse.SUPPRESS)
    return p


def options_record(opts):
    return {
        "importTimeoutSeconds": opts.import_timeout,
        "cudaTimeoutSeconds": opts.cuda_timeout,
        "matmulTimeoutSeconds": opts.matmul_timeout,
        "allReduceTimeoutSeconds": opts.allreduce_timeout,
        "matmulSize": opts.matmul_size,
        "matmulRuns": opts.matmul_runs,
        "seed": opts.seed,
        "allReduceElements": opts.allreduce_elements,
        "allReduceIterations": opts.allreduce_iterations,
        "skipAllReduce": opts.skip_allreduce,
    }


def option_arguments(opts):
    """The options as argv, so that workers run with the parent's settings."""
    args = ["--import-timeout", repr(opts.import_timeout), "--cuda-timeout", repr(opts.cuda_timeout),
            "--matmul-timeout", repr(opts.matmul_timeout), "--allreduce-timeout", repr(opts.allreduce_timeout),
            "--matmul-size", str(opts.matmul_size), "--matmul-runs", str(opts.matmul_runs),
            "--seed", str(opts.seed), "--allreduce-elements", str(opts.allreduce_elements),
            "--allreduce-iterations", str(opts.allreduce_iterations)]
    return args + (["--skip-allreduce"] if opts.skip_allreduce else [])


def elapsed_ms(start):
    return round((time.perf_counter() - start) * 1000.0, 3)


# ---------------------------------------------------------------------------------------------------
# Worker side: runs in a child process, imports torch, reports events on its own stdout pipe.
# ---------------------------------------------------------------------------------------------------

class EventChannel:
    """The worker's report line per event. Whatever else writes to fd 1 (torch, NCCL's INFO lines) is
    sent to stderr, so that the pipe carries nothing but events."""

    def __init__(self):
        self._out = os.fdopen(os.dup(1), "w")
        os.dup2(2, 1)
        sys.stdout = sys.stderr

    def send(self, event, **fields):
        fields["event"] = event
        self._out.write(json.dumps(json_safe(fields)) + "\n")
        self._out.flush()


def capture(fn, default=None):
    try:
        return fn()
    except Exception:  # a fact torch cannot give is left out; it is never a reason to fail the probe
        return default


def torch_facts(torch):
    cuda_version = capture(lambda: torch.version.cuda)
    cudnn_raw = capture(lambda: torch.backends.cudnn.version())
    nccl_raw = capture(lambda: torch.cuda.nccl.version())
    dist = capture(lambda: __import__("torch.distributed", fromlist=["is_available"]))
    dist_available = bool(capture(lambda: dist.is_available(), False))
    facts = {
        "version": capture(lambda: str(torch.__version__)),
        "path": capture(lambda: os.path.dirname(torch.__file__)),
        "cuda": cuda_version,
        "hip": capture(lambda: torch.version.hip),
        "cudnn": format_version_code(cudnn_raw),
        "cudnnVersionCode": cudnn_raw if isinstance(cudnn_raw, int) else None,
        "nccl": format_version_code(nccl_raw) if cuda_version else None,
        "distributedAvailable": dist_available,
        "ncclAvailable": bool(dist_available and capture(lambda: dist.is_nccl_available(), False)),
        "float32MatmulPrecision": capture(lambda: torch.get_float32_matmul_precision()),
    }
    facts.update(tf32_facts(torch))
    return facts


def tf32_facts(torch):
    """What the image's torch does to fp32 matmuls by default. torch 2.9 added fp32_precision and warns
    on (or refuses) mixing it with the legacy allow_tf32 flag, so only one of the two APIs is read."""
    matmul = capture(lambda: torch.backends.cuda.matmul)
    override = os.environ.get("TORCH_ALLOW_TF32_CUBLAS_OVERRIDE") == "1"
    precision = capture(lambda: matmul.fp32_precision)
    if precision is not None:
        effective = precision
        if precision == "none":
            effective = capture(lambda: torch.backends.fp32_precision, precision)
        allowed = effective == "tf32"
    else:
        allowed = capture(lambda: bool(matmul.allow_tf32))
    return {"matmulFp32Precision": precision, "tf32MatmulAllowed": True if override else allowed,
            "tf32CublasOverride": override}


def strict_fp32(torch):
    """Turns TF32 off for the check; returns (restore, whether TF32 may still be in effect)."""
    matmul = torch.backends.cuda.matmul
    if os.environ.get("TORCH_ALLOW_TF32_CUBLAS_OVERRIDE") == "1":
        return (lambda: None), True
    try:
        if capture(lambda: matmul.fp32_precision) is not None:
            before = matmul.fp32_precision
            matmul.fp32_precision = "ieee"
            return (lambda: setattr(matmul, "fp32_precision", before)), matmul.fp32_precision == "tf32"
        before = matmul.allow_tf32
        matmul.allow_tf32 = False
        return (lambda: setattr(matmul, "allow_tf32", before)), bool(matmul.allow_tf32)
    except Exception as exc:
        print("gpu_probe: could not turn TF32 off (%s); using the TF32 tolerance" % error_text(exc),
              file=sys.stderr)
        return (lambda: None), True


class MatmulInputs:
    """The seeded inputs and their fp64 CPU reference, made once and shared by every device's check."""

    def __init__(self, torch, size, seed):
        self._torch, self._size, self._seed, self._made = torch, size, seed, None

    def get(self):
        if self._made is None:
            torch = self._torch
            generator = torch.Generator()
            generator.manual_seed(self._seed)
            a = torch.randn(self._size, self._size, generator=generator, dtype=torch.float32)
            b = torch.randn(self._size, self._size, generator=generator, dtype=torch.float32)
            self._made = (a, b, torch.matmul(a.double(), b.double()))
        return self._made


def compare_to_reference(torch, result, reference, tf32):
    """(status, error, details) of a matmul result against the fp64 reference."""
    result = result.to("cpu", torch.float64)
    finite = bool(torch.isfinite(result).all().item())
    diff = result - reference
    relative = diff.norm().item() / reference.norm().item()
    details = {"tf32": tf32, "tolerance": matmul_tolerance(tf32), "relativeError": relative,
               "maxAbsError": diff.abs().max().item()}
    if not finite:
        return FAILED, "matmul result holds NaN or Inf", details
    if not relative <= matmul_tolerance(tf32):
        return FAILED, ("matmul result differs from the CPU reference: relative error %.3g exceeds %.3g%s"
                        % (relative, matmul_tolerance(tf32), " (TF32)" if tf32 else "")), details
    return OK, None, details


def matmul_check(torch, device, inputs, opts):
    start = time.perf_counter()
    a, b, reference = inputs.get()
    on_gpu = device.type == "cuda"
    restore, tf32 = strict_fp32(torch) if on_gpu else ((lambda: None), False)
    try:
        def sync():
            if on_gpu:
                torch.cuda.synchronize(device)
        x, y = a.to(device), b.to(device)
        sync()
        times = []
        out = None
        for _ in range(opts.matmul_runs + 1):
            t = time.perf_counter()
            out = torch.matmul(x, y)
            sync()
            times.append(elapsed_ms(t))
        status, error, details = compare_to_reference(torch, out, reference, tf32)
    finally:
        restore()
    best = min(times[1:])
    details.update({"firstRunMs": times[0], "bestRunMs": best, "runs": opts.matmul_runs,
                    "gflops": 2.0 * opts.matmul_size ** 3 / best / 1e6 if best > 0 else None})
    details.update(matmul_base(str(device), opts))
    return check(status, error, elapsed_ms(start), opts.matmul_timeout, **details)


def matmul_base(device, opts):
    return {"device": device, "size": opts.matmul_size, "dtype": "float32", "seed": opts.seed}


def driver_cuda_version():
    """The newest CUDA the driver supports, as "13.0", read from libcuda itself (torch does not say)."""
    import ctypes
    try:
        version = ctypes.c_int(0)
        if ctypes.CDLL("libcuda.so.1").cuDriverGetVersion(ctypes.byref(version)) != 0:
            return None
    except (OSError, AttributeError):
        return None
    return "%d.%d" % (version.value // 1000, version.value % 1000 // 10)


def device_facts(torch, index):
    props = torch.cuda.get_device_properties(index)
    facts = {"name": props.name, "capability": "%d.%d" % (props.major, props.minor),
             "totalMemoryBytes": int(props.total_memory),
             "multiProcessorCount": capture(lambda: int(props.multi_processor_count)),
             "uuid": capture(lambda: str(props.uuid)),
             "pciBusId": capture(lambda: "%04x:%02x:%02x.0" % (props.pci_domain_id, props.pci_bus_id,
                                                             props.pci_device_id)),
             "freeMemoryBytes": None}
    if hasattr(torch.cuda, "mem_get_info"):
        facts["freeMemoryBytes"] = int(torch.cuda.mem_get_info(index)[0])
    return facts


def run_phase(channel, phase, timeout_s, body, **ids):
    """Sends begin, runs body() -> (status, error, details) and sends end; returns the status."""
    channel.send("begin", phase=phase, **ids)
    start = time.perf_counter()
    try:
        status, error, details = body()
    except Exception as exc:
        status, error, details = FAILED, error_text(exc), {}
    if "status" in details:  # body returned a complete check
        channel.send("end", phase=phase, check=details, **ids)
        return details["status"]
    channel.send("end", phase=phase, check=check(status, error, elapsed_ms(start), timeout_s, **details), **ids)
    return status


def import_torch():
    try:
        import torch
    except ImportError as exc:
        if getattr(exc, "name", None) == "torch":
            return None, (MISSING, "torch is not installed for %s: %s" % (sys.executable, error_text(exc)), {})
        return None, (FAILED, error_text(exc), {})
    except BaseException as exc:  # a broken install can raise anything, SystemExit included
        return None, (FAILED, error_text(exc), {})
    return torch, None


def inspect_worker(opts):
    channel = EventChannel()
    holder = {}

    def do_import():
        torch, failure = import_torch()
        if failure:
            return failure
        holder["torch"] = torch
        return OK, None, torch_facts(torch)

    if run_phase(channel, "import", opts.import_timeout, do_import) != OK:
        channel.send("done")
        return
    torch = holder["torch"]

    def do_cuda():
        import warnings
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            available = bool(torch.cuda.is_available())
            count = int(torch.cuda.device_count()) if available else 0
            arch_list = capture(lambda: list(torch.cuda.get_arch_list()), [])
            reason = None
            try:
                torch.cuda.init()  # when CUDA is not available, this says why
            except Exception as exc:
                reason = error_text(exc)
        notes = [str(w.message) for w in caught]
        details = {"available": available, "deviceCount": count, "archList": arch_list,
                   "driverCudaVersion": driver_cuda_version(), "warnings": notes}
        if available and count > 0 and reason is None:
            return OK, None, details
        if reason is None:
            reason = "; ".join(notes) or "torch.cuda.is_available() returned False"
        return FAILED, reason, details

    cuda_ok = run_phase(channel, "cuda", opts.cuda_timeout, do_cuda) == OK
    if not cuda_ok:
        # The CPU check proves numerics, not speed: a small size keeps it from dominating the preflight on a
        # small agent (1024^3 in fp32 plus its fp64 reference take seconds on two cores).
        cpu_opts = argparse.Namespace(**dict(vars(opts), matmul_size=min(opts.matmul_size, CPU_MATMUL_SIZE)))
        cpu_inputs = MatmulInputs(torch, cpu_opts.matmul_size, opts.seed)
        run_phase(channel, "cpuMatmul", opts.matmul_timeout,
                  lambda: (None, None, matmul_check(torch, torch.device("cpu"), cpu_inputs, cpu_opts)))
        channel.send("done")
        return
    inputs = MatmulInputs(torch, opts.matmul_size, opts.seed)
    indexes = [int(i) for i in opts.devices.split(",") if i != ""] or range(torch.cuda.device_count())
    for index in indexes:
        if run_phase(channel, "device", opts.cuda_timeout,
                     lambda: (OK, None, device_facts(torch, index)), index=index) != OK:
            continue

        def do_matmul():
            device = torch.device("cuda", index)
            with torch.cuda.device(device):
                return None, None, matmul_check(torch, device, inputs, opts)
        run_phase(channel, "matmul", opts.matmul_timeout, do_matmul, index=index)
    channel.send("done")


def allreduce_worker(opts):
    channel = EventChannel()
    rank, world = opts.rank, opts.world_size
    holder = {}

    def do_import():
        torch, failure = import_torch()
        if failure:
            return failure
        import torch.distributed  # noqa: F401  (part of the import cost, before the collective's deadline)
        holder["torch"] = torch
        return OK, None, {}

    if run_phase(channel, "import", opts.import_timeout, do_import, rank=rank) != OK:
        channel.send("done", rank=rank)
        return
    if sys.stdin.readline().strip() != "go":  # the parent found no use for this rank
        channel.send("done", rank=rank)
        return
    torch = holder["torch"]
    dist = torch.distributed

    def do_allreduce():
        from datetime import timedelta
        device = torch.device("cuda", rank)
        torch.cuda.set_device(device)
        t = time.perf_counter()
        dist.init_process_group("nccl", init_method="env://", rank=rank, world_size=world,
                                timeout=timedelta(seconds=opts.allreduce_timeout))
        try:
            rendezvous = elapsed_ms(t)
            expected = world * (world + 1) / 2.0
            data = torch.full((opts.allreduce_elements,), float(rank + 1), dtype=torch.float32, device=device)
            t = time.perf_counter()
            dist.all_reduce(data)  # the first one also sets up the NCCL communicator
            torch.cuda.synchronize(device)
            first = elapsed_ms(t)
            max_error = (data - expected).abs().max().item()
            # Timed on a buffer of zeros: the sum stays exact however many rounds run.
            data.zero_()
            dist.all_reduce(torch.ones(1, device=device))
            torch.cuda.synchronize(device)
            t = time.perf_counter()
            for _ in range(opts.allreduce_iterations):
                dist.all_reduce(data)
            torch.cuda.synchronize(device)
            average = round(elapsed_ms(t) / opts.allreduce_iterations, 4)
            max_error = max(max_error, data.abs().max().item())
        finally:
            dist.destroy_process_group()
        details = {"rendezvousMs": rendezvous, "firstAllReduceMs": first, "allReduceMs": average,
                   "maxAbsError": max_error}
        if max_error != 0.0:
            return FAILED, "all-reduce sum is wrong on rank %d: off by up to %g from %g" % (
                rank, max_error, expected), details
        return OK, None, details

    run_phase(channel, "allreduce", opts.allreduce_timeout, do_allreduce, rank=rank)
    channel.send("done", rank=rank)


# ---------------------------------------------------------------------------------------------------
# Parent side: starts workers, reads their events against deadlines, builds the report.
# ---------------------------------------------------------------------------------------------------

class Deadline(Exception):
    pass


class Interrupted(Exception):
    pass


class Workers:
    """The worker processes of one probe run; each in its own session, so a kill takes its children."""

    def __init__(self, script, opts):
        self._script, self._opts = script, opts
        self._live = []

    def start(self, kind, extra_args, events, tag=None, extra_env=None, with_stdin=False):
        env = dict(os.environ)
        env["PYTHONUNBUFFERED"] = "1"
        env.update(extra_env or {})
        argv = [sys.executable or "python3", self._script, "--worker", kind] + option_arguments(self._opts) + extra_args
        stdin = subprocess.PIPE if with_stdin else subprocess.DEVNULL
        proc = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE, env=env,
                                start_new_session=True)
        self._live.append(proc)
        threading.Thread(target=self._pump, args=(proc, events, tag), daemon=True).start()
        return proc

    @staticmethod
    def _pump(proc, events, tag):
        for raw in iter(proc.stdout.readline, b""):
            line = raw.decode("utf-8", "replace").strip()
            try:
                event = json.loads(line)
            except ValueError:
                event = None
            if isinstance(event, dict):
                events.put((tag, event))
            elif line:
                print(line, file=sys.stderr)
        events.put((tag, None))

    def kill(self, proc):
        """Kills the worker's whole process group; returns its exit status (None if it stays stuck)."""
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
        code = self.reap(proc, KILL_REAP_SECONDS)
        if proc in self._live:  # one stuck in the driver is not waited for twice
            self._live.remove(proc)
        return code

    def reap(self, proc, seconds):
        try:
            code = proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return None
        if proc in self._live:
            self._live.remove(proc)
        return code

    def kill_all(self):
        for proc in list(self._live):
            self.kill(proc)


def next_event(events, deadline):
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise Deadline()
    try:
        return events.get(timeout=remaining)
    except queue.Empty:
        raise Deadline()


PHASE_TIMEOUT = {"import": "import_timeout", "cuda": "cuda_timeout", "device": "cuda_timeout",
                 "matmul": "matmul_timeout", "cpuMatmul": "matmul_timeout"}


class Inspection:
    """The single-process part: torch, CUDA, each device and its matmul (or the CPU matmul)."""

    def __init__(self, workers, opts, report):
        self._workers, self._opts, self._report = workers, opts, report
        self._devices = {}

    def run(self):
        pending = []
        first_pass = True
        while first_pass or pending:
            outcome = self._pass(pending, first_pass)
            first_pass = False
            if outcome is None:
                break
            phase, index = outcome
            if phase not in ("device", "matmul"):
                break
            count = self._report["cuda"].get("deviceCount") or 0
            pending = [i for i in range(count) if i not in self._devices]
        self._report["devices"] = [self._devices[i] for i in sorted(self._devices)]

    def _timeout_of(self, phase):
        return getattr(self._opts, PHASE_TIMEOUT.get(phase, "import_timeout"))

    def _pass(self, device_indexes, first_pass):
        """One worker's run; returns (phase, index) of the phase it died in, or None if it finished."""
        events = queue.Queue()
        args = ["--devices", ",".join(str(i) for i in device_indexes)] if device_indexes else []
        proc = self._workers.start("inspect", args, events)
        phase, index = None, None
        deadline = time.monotonic() + self._timeout_of(None)
        started = time.perf_counter()
        try:
            while True:
                _, event = next_event(events, deadline)
                if event is None or event.get("event") == "done":
                    break
                if event.get("event") == "begin":
                    phase, index = event.get("phase"), event.get("index")
                    deadline = time.monotonic() + self._timeout_of(phase)
                    started = time.perf_counter()
                elif event.get("event") == "end":
                    self._record(event.get("phase"), event.get("index"), event.get("check"), first_pass)
                    phase, index = None, None
                    deadline = time.monotonic() + self._timeout_of(None)
        except Deadline:
            code = self._workers.kill(proc)
            stuck = "" if code is not None else " (it did not exit: stuck in the kernel or driver)"
            self._record(phase, index, check(
                TIMEOUT, "%s did not finish within %gs, so its worker was killed%s" % (
                    self._label(phase, index), self._timeout_of(phase), stuck),
                elapsed_ms(started), self._timeout_of(phase)), first_pass)
            return phase, index
        code = self._workers.reap(proc, KILL_REAP_SECONDS)
        if event is None:  # the worker ended without saying it was done: it crashed
            if code is None:
                code = self._workers.kill(proc)
            self._record(phase, index, check(
                FAILED, "the worker %s during %s" % (describe_exit(code), self._label(phase, index)),
                elapsed_ms(started), self._timeout_of(phase)), first_pass)
            return phase, index
        return None

    @staticmethod
    def _label(phase, index):
        names = {"import": "import torch", "cuda": "CUDA initialisation", "device": "the query of device %s",
                 "matmul": "the matmul check on device %s", "cpuMatmul": "the CPU matmul check",
                 None: "worker start-up"}
        label = names.get(phase, str(phase))
        return label % index if "%s" in label else label

    def _record(self, phase, index, result, first_pass):
        if phase is None:
            phase = "import" if first_pass else "cuda"
        if phase in ("import", "cuda"):
            if first_pass:
                self._report["torch" if phase == "import" else "cuda"].update(result)
            elif result["status"] != OK:  # a restarted worker failed before it reached the devices
                for i in range(self._report["cuda"].get("deviceCount") or 0):
                    if i not in self._devices:
                        self._devices[i] = check(result["status"], "restarted worker: " + str(result["error"]),
                                                 index=i, matmul=skipped("not run: the device query failed"))
        elif phase == "device":
            entry = {"index": index}
            entry.update(result)
            entry.setdefault("matmul", skipped("not run" if result["status"] == OK
                                               else "not run: the device query did not succeed"))
            self._devices[index] = entry
        elif phase == "matmul":
            if result.get("device") is None:
                result.update(matmul_base("cuda:%s" % index, self._opts))
            self._devices.setdefault(index, {"index": index})["matmul"] = result
        elif phase == "cpuMatmul":
            if result.get("device") is None:
                result.update(matmul_base("cpu", self._opts))
            self._report["cpuMatmul"] = result


def rank_check(rank, status, error):
    return dict({"rank": rank}, **check(status, error))


def visible_gpu_hint():
    """How many GPUs this process can likely use, known without torch: the /dev/nvidiaN nodes (a
    container gets only its own), narrowed by CUDA_VISIBLE_DEVICES. It only decides whether the
    all-reduce ranks start early; the inspection's device count decides whether they run."""
    try:
        nodes = len([name for name in os.listdir("/dev") if re.match(r"nvidia[0-9]+$", name)])
    except OSError:
        nodes = 0
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if visible is None:
        return nodes
    listed = len([entry for entry in visible.split(",") if entry.strip()])
    return min(listed, nodes) if nodes else listed


class AllReduce:
    """One process per GPU, NCCL through an env:// rendezvous on 127.0.0.1, the sum verified.

    The ranks are started while the inspection runs, because importing torch is most of their cost;
    each then waits for "go" on its stdin before it touches CUDA, so the matmul timings stay undisturbed.
    """

    def __init__(self, workers, opts, world):
        self._workers, self._opts, self.world = workers, opts, world
        self._events = queue.Queue()
        self._started = time.monotonic()
        self._procs, self._ranks, self._import_ms = {}, {}, {}
        self._finished, self._failure = set(), None
        port = free_loopback_port()
        for rank in range(world):
            env = {"MASTER_ADDR": "127.0.0.1", "MASTER_PORT": str(port), "RANK": str(rank),
                   "WORLD_SIZE": str(world), "LOCAL_RANK": str(rank), "LOCAL_WORLD_SIZE": str(world)}
            self._procs[rank] = workers.start("allreduce", ["--rank", str(rank), "--world-size", str(world)],
                                              self._events, tag=rank, extra_env=env, with_stdin=True)

    def cancel(self):
        for proc in self._procs.values():
            self._workers.kill(proc)

    def finish(self):
        opts, world = self._opts, self.world
        size_bytes = opts.allreduce_elements * 4
        result = check(OK, None, None, opts.allreduce_timeout, worldSize=world, backend="nccl",
                       dtype="float32", elements=opts.allreduce_elements, bytes=size_bytes,
                       iterations=opts.allreduce_iterations, expectedSum=world * (world + 1) / 2.0)
        stage, started = "import torch", time.perf_counter()
        try:
            self._await(lambda: len(self._import_ms) == world, self._started + opts.import_timeout)
            if self._failure is None:
                stage, started = "the all-reduce", time.perf_counter()
                self._go()
                self._await(lambda: len(self._finished) == world, time.monotonic() + opts.allreduce_timeout)
        except Deadline:
            result["status"] = TIMEOUT
            waiting = [r for r in range(world) if self._ranks.get(r, {}).get("status") != OK]
            result["error"] = "ranks %s did not finish %s within %gs, so all ranks were killed" % (
                waiting, stage, opts.import_timeout if stage == "import torch" else opts.allreduce_timeout)
        self._stop_all(result["status"])
        if self._failure is not None:
            result["status"] = FAILED
            result["error"] = "rank %d: %s" % (self._failure, self._ranks[self._failure].get("error"))
        result["ranks"] = [self._ranks[r] for r in range(world)]
        result["elapsedMs"] = elapsed_ms(started)
        if result["status"] == OK:
            self._summarise(result, world, size_bytes)
        return result

    def _await(self, condition, deadline):
        while not condition() and self._failure is None:
            rank, event = next_event(self._events, deadline)
            kind = event.get("event") if event else None
            if kind == "end":
                outcome = dict({"rank": rank}, **(event.get("check") or {}))
                if event.get("phase") == "import" and outcome["status"] == OK:
                    self._import_ms[rank] = outcome.get("elapsedMs")
                    continue
                self._ranks[rank] = outcome
                if outcome["status"] != OK:
                    self._failure = rank
            elif kind is None or kind == "done":
                self._finished.add(rank)
                if rank not in self._ranks:
                    code = self._workers.reap(self._procs[rank], KILL_REAP_SECONDS)
                    self._ranks[rank] = rank_check(rank, FAILED, "rank %d %s" % (rank, describe_exit(code)))
                    self._failure = rank

    def _go(self):
        for proc in self._procs.values():
            try:
                proc.stdin.write(b"go\n")
                proc.stdin.close()
            except OSError:
                pass  # that rank already died: its end of stream says how

    def _stop_all(self, status):
        for rank, proc in self._procs.items():
            if rank in self._finished:  # let a rank that reported finish its own teardown
                self._workers.reap(proc, KILL_REAP_SECONDS)
            running = proc.poll() is None
            code = self._workers.kill(proc) if running else proc.returncode
            if rank not in self._ranks:
                why = ("was killed at the deadline" if status == TIMEOUT else
                       "was stopped after rank %d failed" % self._failure if running else describe_exit(code))
                if code is None:
                    why += " and did not exit (stuck in the kernel or driver)"
                self._ranks[rank] = rank_check(rank, TIMEOUT if status == TIMEOUT else FAILED,
                                               "rank %d %s" % (rank, why))
            if rank in self._import_ms:
                self._ranks[rank]["importMs"] = self._import_ms[rank]

    @staticmethod
    def _summarise(result, world, size_bytes):
        """The slowest rank bounds the collective; bus bandwidth as nccl-tests reports it."""
        for key in ("rendezvousMs", "firstAllReduceMs", "allReduceMs"):
            result[key] = max(r.get(key) or 0.0 for r in result["ranks"])
        seconds = result["allReduceMs"] / 1000.0
        algorithm = size_bytes / seconds / 1e9 if seconds > 0 else None
        result["algBandwidthGBps"] = algorithm
        result["busBandwidthGBps"] = algorithm * 2.0 * (world - 1) / world if algorithm else None


def empty_report(opts, started_at):
    cuda_visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    return {
        "schemaVersion": SCHEMA_VERSION,
        "startedAt": started_at,
        "elapsedMs": None,
        "error": None,
        "options": options_record(opts) if opts else None,
        "python": {"version": platform.python_version(), "implementation": platform.python_implementation(),
                   "executable": sys.executable},
        "platform": {"system": platform.system(), "release": platform.release(), "machine": platform.machine()},
        "environment": {"CUDA_VISIBLE_DEVICES": cuda_visible,
                        "NVIDIA_VISIBLE_DEVICES": os.environ.get("NVIDIA_VISIBLE_DEVICES"),
                        "TORCH_ALLOW_TF32_CUBLAS_OVERRIDE": os.environ.get("TORCH_ALLOW_TF32_CUBLAS_OVERRIDE")},
        "torch": skipped("not run: the probe stopped before it"),
        "cuda": skipped("not run: torch could not be imported"),
        "devices": [],
        "cpuMatmul": skipped("not run"),
        "allReduce": skipped("not run: CUDA is not available"),
    }


def probe(opts, report, workers):
    hint = 0 if opts.skip_allreduce else visible_gpu_hint()
    ranks = AllReduce(workers, opts, hint) if hint >= 2 else None
    try:
        Inspection(workers, opts, report).run()
        ranks = decide_and_run(opts, report, workers, ranks)
    finally:
        if ranks is not None:
            ranks.cancel()


def decide_and_run(opts, report, workers, ranks):
    """Fills in what the inspection leaves open; returns the early ranks if they were not used."""
    torch_info, cuda = report["torch"], report["cuda"]
    if torch_info["status"] != OK:
        report["cpuMatmul"] = skipped("not run: torch could not be imported")
        report["allReduce"] = skipped("not run: torch could not be imported")
        return ranks
    if cuda["status"] == OK:
        report["cpuMatmul"] = skipped("not run: CUDA is available")
    elif report["cpuMatmul"]["error"] == "not run":
        report["cpuMatmul"] = skipped("not run: the worker stopped before it")
    count = cuda.get("deviceCount") or 0
    if cuda["status"] != OK:
        report["allReduce"] = skipped("not run: CUDA is not available")
    elif opts.skip_allreduce:
        report["allReduce"] = skipped("not run: --skip-allreduce was given")
    elif count < 2:
        report["allReduce"] = skipped("not run: needs 2 or more GPUs, %d visible" % count)
    elif not torch_info.get("ncclAvailable"):
        report["allReduce"] = skipped("not run: this torch has no NCCL backend in torch.distributed")
    else:
        if ranks is None or ranks.world != count:
            if ranks is not None:
                ranks.cancel()
            ranks = AllReduce(workers, opts, count)
        report["allReduce"] = ranks.finish()
        return None
    return ranks


def emit(fd, report):
    data = (json.dumps(json_safe(report), indent=2, allow_nan=False) + "\n").encode("utf-8")
    while data:
        data = data[os.write(fd, data):]


def on_signal(signum, _frame):
    raise Interrupted("probe interrupted by %s" % signal.Signals(signum).name)


def main(argv):
    if "--worker" in argv:
        opts = option_parser().parse_args(argv)
        (inspect_worker if opts.worker == "inspect" else allreduce_worker)(opts)
        return 0
    # Our stdout carries the JSON and nothing else: anything printed meanwhile goes to stderr.
    stdout = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    start = time.perf_counter()
    started_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    try:
        opts = option_parser().parse_args(argv)
    except OptionsError as exc:
        report = empty_report(None, started_at)
        report["error"] = "invalid arguments: %s" % exc
        emit(stdout, report)
        return 2
    report = empty_report(opts, started_at)
    workers = Workers(os.path.abspath(__file__), opts)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        probe(opts, report, workers)
    except Interrupted as exc:
        report["error"] = str(exc)
    except Exception as exc:  # a bug of the probe itself: still report what was found
        report["error"] = "probe failed: " + error_text(exc)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        workers.kill_all()
    report["elapsedMs"] = elapsed_ms(start)
    emit(stdout, report)
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stderr.flush()
    # os._exit: a reader thread blocked on a stuck worker's pipe must not delay the exit.
    os._exit(code)

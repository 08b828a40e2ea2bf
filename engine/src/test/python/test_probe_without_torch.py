"""The probe as a program, where torch is absent, broken or hangs. The fakes here only import badly or
hang; none pretends to be a GPU."""
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import SCRIPT

MISSING = 'raise ModuleNotFoundError("No module named \'torch\'", name="torch")\n'


def pid_is_gone(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_missing_torch_is_reported_as_missing(run_probe, tmp_path):
    run = run_probe(fake_torch=MISSING, tmp_path=tmp_path)
    assert run.returncode == 0
    assert run.report["torch"]["status"] == "missing"
    assert "No module named 'torch'" in run.report["torch"]["error"]


def test_without_torch_every_later_check_is_skipped(run_probe, tmp_path):
    report = run_probe(fake_torch=MISSING, tmp_path=tmp_path).report
    assert [report[k]["status"] for k in ("cuda", "cpuMatmul", "allReduce")] == ["skipped"] * 3
    assert report["devices"] == []


def test_torch_that_fails_to_import_is_reported_with_its_error(run_probe, tmp_path):
    broken = 'raise OSError("libcudnn.so.9: cannot open shared object file: No such file or directory")\n'
    torch = run_probe(fake_torch=broken, tmp_path=tmp_path).report["torch"]
    assert torch["status"] == "failed"
    assert torch["error"] == "OSError: libcudnn.so.9: cannot open shared object file: No such file or directory"


def test_import_that_crashes_python_is_reported_as_failed(run_probe, tmp_path):
    crash = "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n"
    torch = run_probe(fake_torch=crash, tmp_path=tmp_path).report["torch"]
    assert torch["status"] == "failed"
    assert "SIGSEGV" in torch["error"]


def test_hung_import_times_out_and_its_worker_is_killed(run_probe, tmp_path):
    pid_file = tmp_path / "worker.pid"
    hang = "import os, time\nopen(%r, 'w').write(str(os.getpid()))\ntime.sleep(600)\n" % str(pid_file)
    started = time.monotonic()
    run = run_probe("--import-timeout", "1", fake_torch=hang, tmp_path=tmp_path, timeout=60)
    assert time.monotonic() - started < 30
    assert run.report["torch"]["status"] == "timeout"
    assert "did not finish within 1s" in run.report["torch"]["error"]
    assert pid_is_gone(int(pid_file.read_text()))


def test_hung_cuda_init_times_out_without_hanging_the_probe(run_probe, tmp_path):
    hang = ("import time\n__version__ = '0.0+hang'\n"
            "class _Cuda:\n    @staticmethod\n    def is_available():\n        time.sleep(600)\n"
            "cuda = _Cuda()\n")
    report = run_probe("--cuda-timeout", "1", fake_torch=hang, tmp_path=tmp_path, timeout=60).report
    assert report["torch"]["status"] == "ok"
    assert report["torch"]["version"] == "0.0+hang"
    assert report["cuda"]["status"] == "timeout"
    assert report["allReduce"]["status"] == "skipped"


def test_early_allreduce_ranks_are_killed_when_torch_never_imports(run_probe, tmp_path):
    pid_file = tmp_path / "importers.pid"
    hang = "import os, time\nopen(%r, 'a').write('%%d\\n' %% os.getpid())\ntime.sleep(600)\n" % str(pid_file)
    started = time.monotonic()
    run = run_probe("--import-timeout", "3", fake_torch=hang, tmp_path=tmp_path, timeout=60,
                    env={"CUDA_VISIBLE_DEVICES": "0,1"})  # two GPUs hinted: the ranks start at once
    assert time.monotonic() - started < 30
    assert (run.report["torch"]["status"], run.report["allReduce"]["status"]) == ("timeout", "skipped")
    pids = [int(line) for line in pid_file.read_text().split()]
    assert len(pids) == 3  # the inspection's worker and two ranks
    assert all(pid_is_gone(pid) for pid in pids)


def test_output_of_torch_on_stdout_does_not_spoil_the_json(run_probe, tmp_path):
    noisy = 'import os\nprint("hello from torch")\nos.write(1, b"NCCL INFO raw\\n")\n' + MISSING
    run = run_probe(fake_torch=noisy, tmp_path=tmp_path)  # parsing stdout as one document is the check
    assert "hello from torch" in run.stderr
    assert "NCCL INFO raw" in run.stderr


def test_invalid_arguments_still_give_json_and_exit_2(run_probe):
    run = run_probe("--matmul-size", "-3")
    assert run.returncode == 2
    assert run.report["error"].startswith("invalid arguments:")
    assert run.report["torch"]["status"] == "skipped"


def test_sigterm_gives_partial_json_and_kills_the_worker(tmp_path):
    package = tmp_path / "torch"
    package.mkdir()
    pid_file = tmp_path / "worker.pid"
    (package / "__init__.py").write_text(
        "import os, time\nopen(%r, 'w').write(str(os.getpid()))\ntime.sleep(600)\n" % str(pid_file))
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    proc = subprocess.Popen([sys.executable, str(SCRIPT)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, text=True)
    deadline = time.monotonic() + 30
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "worker never started"
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=30)
    import json
    report = json.loads(out)
    assert report["error"] == "probe interrupted by SIGTERM"
    assert pid_is_gone(int(pid_file.read_text()))


@pytest.mark.skipif(__import__("importlib").util.find_spec("torch") is not None, reason="torch is installed here")
def test_host_python_without_torch_reports_missing(run_probe):
    assert run_probe().report["torch"]["status"] == "missing"

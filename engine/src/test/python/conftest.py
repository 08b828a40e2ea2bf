"""Shared by the probe's tests: the script itself, loaded as a module and run as a program."""
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = (Path(__file__).resolve().parents[2] / "main" / "resources" / "io" / "gputraining" / "engine"
          / "preflight" / "gpu_probe.py")


@pytest.fixture(scope="session")
def probe():
    spec = importlib.util.spec_from_file_location("gpu_probe", str(SCRIPT))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class ProbeRun:
    def __init__(self, completed):
        self.returncode = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.report = json.loads(completed.stdout)  # the whole of stdout must be one JSON document


@pytest.fixture
def run_probe():
    """Runs the script; `fake_torch` is the source of a torch/__init__.py put first on PYTHONPATH."""
    def run(*args, fake_torch=None, tmp_path=None, timeout=120, env=None):
        environment = dict(os.environ)
        environment.update(env or {})
        if fake_torch is not None:
            package = Path(tmp_path) / "fake" / "torch"
            package.mkdir(parents=True)
            (package / "__init__.py").write_text(fake_torch)
            environment["PYTHONPATH"] = str(package.parent)
        completed = subprocess.run([sys.executable, str(SCRIPT)] + list(args), capture_output=True,
                                   text=True, timeout=timeout, env=environment)
        return ProbeRun(completed)
    return run

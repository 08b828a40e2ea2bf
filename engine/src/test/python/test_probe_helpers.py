"""The probe's pure parts: no torch needed."""
import argparse
import math
import signal
import socket

import pytest


def test_nccl_version_given_as_tuple_is_dotted(probe):
    assert probe.format_version_code((2, 28, 9)) == "2.28.9"


def test_version_code_since_nccl_2_9_and_cudnn_9_uses_ten_thousands(probe):
    assert probe.format_version_code(22809) == "2.28.9"
    assert probe.format_version_code(91002) == "9.10.2"


def test_version_code_before_nccl_2_9_and_cudnn_9_uses_thousands(probe):
    assert probe.format_version_code(2708) == "2.7.8"
    assert probe.format_version_code(8907) == "8.9.7"


def test_absent_version_stays_absent(probe):
    assert probe.format_version_code(None) is None


def test_tf32_gets_the_looser_matmul_tolerance(probe):
    assert probe.matmul_tolerance(True) > probe.matmul_tolerance(False)
    assert probe.matmul_tolerance(False) == probe.FP32_TOLERANCE


def test_non_finite_numbers_become_null_in_the_json(probe):
    cleaned = probe.json_safe({"a": float("nan"), "b": [float("inf"), 1.5], "c": {"d": -float("inf")}})
    assert cleaned == {"a": None, "b": [None, 1.5], "c": {"d": None}}


def test_exit_by_signal_is_named(probe):
    assert probe.describe_exit(-signal.SIGSEGV) == "was killed by SIGSEGV"


def test_exit_status_is_given(probe):
    assert probe.describe_exit(3) == "exited with status 3"


def test_process_that_survives_sigkill_is_said_to_be_stuck(probe):
    assert "stuck" in probe.describe_exit(None)


def test_error_text_keeps_the_whole_cuda_message(probe):
    message = ("CUDA error: no kernel image is available for execution on the device\n"
               "For debugging consider passing CUDA_LAUNCH_BLOCKING=1")
    assert probe.error_text(RuntimeError(message)) == "RuntimeError: " + message


def test_error_text_is_bounded(probe):
    text = probe.error_text(RuntimeError("x" * 100000))
    assert len(text) <= probe.ERROR_TEXT_LIMIT + 3


@pytest.mark.parametrize("option", ["--matmul-size", "--import-timeout", "--allreduce-elements"])
def test_options_must_be_positive(probe, option):
    with pytest.raises(probe.OptionsError):
        probe.option_parser().parse_args([option, "0"])


def test_workers_get_the_parents_options(probe):
    parser = probe.option_parser()
    given = parser.parse_args(["--matmul-size", "64", "--cuda-timeout", "7.5", "--skip-allreduce",
                               "--allreduce-iterations", "2", "--seed", "9"])
    passed_on = parser.parse_args(probe.option_arguments(given))
    assert probe.options_record(passed_on) == probe.options_record(given)


def test_every_check_has_the_same_four_fields_first(probe):
    result = probe.check(probe.OK, None, 1.0, 2.0, size=3)
    assert list(result)[:4] == ["status", "error", "elapsedMs", "timeoutSeconds"]
    assert result["size"] == 3


def test_free_port_is_on_loopback_and_bindable(probe):
    port = probe.free_loopback_port()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", port))


def test_gpu_hint_follows_cuda_visible_devices_without_device_nodes(probe, monkeypatch):
    monkeypatch.setattr(probe.os, "listdir", lambda path: ["null", "zero"])
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1")
    assert probe.visible_gpu_hint() == 2
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    assert probe.visible_gpu_hint() == 0


def test_gpu_hint_counts_device_nodes_narrowed_by_cuda_visible_devices(probe, monkeypatch):
    monkeypatch.setattr(probe.os, "listdir", lambda path: ["nvidia0", "nvidia1", "nvidiactl", "nvidia-uvm"])
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    assert probe.visible_gpu_hint() == 2
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "1")
    assert probe.visible_gpu_hint() == 1

"""The probe against a real torch (the CPU test image has torch 1.13); skipped where torch is absent."""
import pytest

torch = pytest.importorskip("torch")


@pytest.fixture
def opts(probe):
    return probe.option_parser().parse_args(["--matmul-size", "128", "--matmul-runs", "2"])


def test_cpu_matmul_matches_the_fp64_reference(probe, opts):
    result = probe.matmul_check(torch, torch.device("cpu"), probe.MatmulInputs(torch, 128, 7), opts)
    assert result["status"] == "ok", result["error"]
    assert result["relativeError"] < probe.FP32_TOLERANCE
    assert result["bestRunMs"] > 0
    assert (result["device"], result["size"], result["runs"]) == ("cpu", 128, 2)


def test_wrong_matmul_result_fails_the_check(probe):
    a, b, reference = probe.MatmulInputs(torch, 64, 7).get()
    wrong = torch.matmul(a, b)
    wrong[3, 5] += 1000.0
    status, error, details = probe.compare_to_reference(torch, wrong, reference, False)
    assert status == "failed"
    assert "relative error" in error
    assert details["maxAbsError"] == pytest.approx(1000.0, rel=1e-3)


def test_nan_in_matmul_result_fails_the_check(probe):
    a, b, reference = probe.MatmulInputs(torch, 64, 7).get()
    wrong = torch.matmul(a, b)
    wrong[0, 0] = float("nan")
    status, error, _ = probe.compare_to_reference(torch, wrong, reference, False)
    assert (status, error) == ("failed", "matmul result holds NaN or Inf")


def test_seeded_inputs_are_the_same_on_every_call(probe):
    first, second = probe.MatmulInputs(torch, 32, 11).get(), probe.MatmulInputs(torch, 32, 11).get()
    assert torch.equal(first[0], second[0]) and torch.equal(first[1], second[1])


def test_strict_fp32_turns_tf32_off_and_restores_it(probe):
    matmul = torch.backends.cuda.matmul
    new_api = probe.capture(lambda: matmul.fp32_precision) is not None  # torch 1.13 asserts, not AttributeError
    read = (lambda: matmul.fp32_precision == "tf32") if new_api else (lambda: matmul.allow_tf32)
    write = (lambda on: setattr(matmul, "fp32_precision", "tf32" if on else "ieee")) if new_api else (
        lambda on: setattr(matmul, "allow_tf32", on))
    before = read()
    write(True)
    try:
        restore, tf32 = probe.strict_fp32(torch)
        assert (tf32, read()) == (False, False)
        restore()
        assert read() is True
    finally:
        write(before)


def test_torch_facts_name_this_torch(probe):
    facts = probe.torch_facts(torch)
    assert facts["version"] == str(torch.__version__)
    assert facts["cuda"] == torch.version.cuda
    assert isinstance(facts["tf32MatmulAllowed"], bool)


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the no-GPU path")
def test_without_gpu_the_probe_runs_the_cpu_matmul(run_probe):
    report = run_probe("--matmul-size", "256").report
    assert report["torch"]["status"] == "ok"
    assert report["torch"]["version"] == str(torch.__version__)
    assert report["cuda"]["status"] == "failed"
    assert report["cuda"]["available"] is False
    assert report["cpuMatmul"]["status"] == "ok"
    assert report["allReduce"]["status"] == "skipped"

"""The simulator and the tuner from Python give `sgc simulate` / `sgc tune` / `sgc trace`'s
numbers on the same inputs, take a CSV path or an array, and return when jobs fail."""
import fractions
import io

import numpy as np
import pytest

import sgc


def compare_simulation(result, expected):
    assert result.total_runtime == expected["total_runtime"]
    assert result.waits == expected["waits"]
    assert result.jobs_decoded == expected["jobs_decoded"]
    assert result.jobs_count == expected["jobs_count"]
    assert str(result.policy) == expected["policy"] and result.mu == expected["mu"]
    assert result.load == fractions.Fraction(expected["load"]) and result.load_value == expected["load_value"]
    assert [(r.round, r.duration, r.waited, r.stragglers) for r in result.rounds] == [
        (r["round"], r["duration"], r["waited"], r["stragglers"]) for r in expected["rounds"]]
    assert [(j.job, j.decoded_in, j.time) for j in result.jobs] == [
        (j["job"], j["decoded_in"], j.get("time")) for j in expected["jobs"]]


def scheme_args(kind, **p):
    args = ["--scheme", kind]
    for key, option in (("s", "--s"), ("B", "--B"), ("W", "--W"), ("lam", "--lambda"), ("code", "--code")):
        if key in p:
            args += [option, p[key]]
    return args


CASES = [
    ("sim_gc.trace", "gc", dict(s=1), dict(jobs=3)),
    ("sim_gc.trace", "gc", dict(s=1), dict(jobs=3, policy="minimal-wait")),
    ("sim_gc.trace", "none", dict(), dict(jobs=3)),
    ("sim_gc.trace", "gc", dict(s=1), dict(jobs=1, trace_load="1/4", seconds_per_load=2)),
    ("sim_m_sgc.trace", "m-sgc", dict(B=2, W=3, lam=2), dict(jobs=3, policy="minimal-wait")),
]


@pytest.mark.parametrize("file,kind,p,o", CASES)
def test_simulate_matches_the_cli_on_its_traces(cli, inputs, file, kind, p, o):
    trace = inputs / file
    policy = o.get("policy", "wait-all")
    args = ["simulate", "--trace", trace, *scheme_args(kind, **p), "--mu", 1, "--jobs", o["jobs"], "--policy", policy]
    shift = {}
    if "trace_load" in o:
        args += ["--trace-load", o["trace_load"], "--seconds-per-load", o["seconds_per_load"]]
        shift = dict(trace_load=float(fractions.Fraction(o["trace_load"])), seconds_per_load=o["seconds_per_load"])
    expected = cli(*args)
    n = sgc.load_trace(trace).shape[1]
    scheme = sgc.scheme(kind, n, **p)
    result = sgc.simulate(str(trace), scheme, mu=1, jobs=o["jobs"], policy=policy, **shift)
    compare_simulation(result, expected)
    if shift:
        assert (result.trace_load, result.seconds_per_load) == (expected["trace_load"], expected["seconds_per_load"])
    same = sgc.simulate(sgc.load_trace(trace), scheme, mu=1, jobs=o["jobs"], policy=policy, **shift)
    assert same.total_runtime == result.total_runtime and same.waits == result.waits


@pytest.mark.parametrize("kind,p", [("gc", dict(s=3)), ("sr-sgc", dict(B=2, W=5, lam=4)),
                                    ("m-sgc", dict(B=1, W=3, lam=3, code="crc")), ("none", dict())])
@pytest.mark.parametrize("policy", ["wait-all", "minimal-wait"])
def test_simulate_matches_the_cli_on_synthetic_traces(cli, tmp_path, kind, p, policy):
    n, jobs = 12, 40
    timing = sgc.TraceTiming(load=1 / 12, decimals=4)
    trace = sgc.gilbert_elliott_trace(n, jobs + 4, 0.1, 0.5, seed=8, timing=timing)
    path = tmp_path / "trace.csv"
    sgc.save_trace(path, trace)
    expected = cli("simulate", "--trace", path, *scheme_args(kind, **p), "--mu", 0.5, "--jobs", jobs, "--policy", policy,
                   "--trace-load", 1 / 12, "--seconds-per-load", 2.2, "--allow-undecodable")
    scheme = sgc.scheme(kind, n, **p)
    result = sgc.simulate(trace, scheme, mu=0.5, jobs=jobs, policy=policy, trace_load=1 / 12, seconds_per_load=2.2)
    compare_simulation(result, expected)


def test_simulate_returns_when_jobs_fail():
    trace = np.ones((4, 4))
    trace[:, 3] = 5.0  # worker 3 always slow: recorded as the round's straggler
    # The identity claims to tolerate a straggler, but only all four workers decode.
    wrong = sgc.gc(4, 1, code=sgc.matrix_code(np.eye(4), 1))
    result = sgc.simulate(trace, wrong, jobs=4, policy="minimal-wait")
    assert result.jobs_decoded == 0 and result.failed_jobs == [0, 1, 2, 3]
    assert all(j.decoded_in is None and j.time is None and not j.decoded for j in result.jobs)
    assert sgc.simulate(trace, sgc.gc(4, 1), jobs=4, policy="minimal-wait").jobs_decoded == 4


def test_tune_matches_the_cli(cli, inputs, tmp_path):
    trace = sgc.bernoulli_trace(8, 30, 0.15, seed=3, timing=sgc.TraceTiming(load=1 / 8))
    path = tmp_path / "trace.csv"
    sgc.save_trace(path, trace)
    for source, args, kwargs in [
        (inputs / "sim_tune.trace", ["--jobs", 3, "--max-delay", 0, "--scheme", "none", "--scheme", "gc",
                                     "--trace-load", 0.25, "--seconds-per-load", 0.4],
         dict(jobs=3, max_delay=0, schemes=["none", "gc"], trace_load=0.25, seconds_per_load=0.4)),
        (path, ["--jobs", 24, "--max-delay", 3, "--policy", "minimal-wait", "--code", "uneven",
                "--trace-load", 0.125, "--seconds-per-load", 2.2],
         dict(jobs=24, max_delay=3, policy="minimal-wait", trace_load=0.125, seconds_per_load=2.2)),
    ]:
        expected = cli("tune", "--trace", source, "--mu", 1, "--threads", 1, *args)
        result = sgc.tune(str(source), mu=1, threads=1, **kwargs)
        assert result.n == expected["n"] and result.jobs_count == expected["jobs_count"]
        assert len(result.schemes) == len(expected["schemes"])
        for got, want in zip(result.schemes, expected["schemes"]):
            assert str(got.scheme) == want["scheme"] and got.found == want["found"]
            assert (got.searched, got.abandoned, got.failed) == (want["searched"], want["abandoned"], want["failed"])
            for attribute, key in (("s", "s"), ("B", "B"), ("W", "W"), ("lambda_", "lambda"), ("T", "T"),
                                   ("load_value", "load_value"), ("total_runtime", "total_runtime"),
                                   ("waits", "waits")):
                assert getattr(got, attribute) == want.get(key), (want["scheme"], key)
            assert got.load == fractions.Fraction(want["load"])
            built = got.build()
            assert built.kind == got.scheme and built.load == got.load


def test_synthetic_traces_match_sgc_trace(cli):
    text = cli("trace", "--model", "gilbert-elliott", "--n", 5, "--rounds", 7, "--p", 0.2, "--q", 0.5, "--seed", 4,
               "--jitter", 0.3, "--slowdown", 4, "--load", "1/5")
    expected = np.loadtxt(io.StringIO(text), delimiter=",", comments="#")
    got = sgc.gilbert_elliott_trace(5, 7, 0.2, 0.5, seed=4, timing=sgc.TraceTiming(jitter=0.3, slowdown=4, load=0.2))
    assert got.dtype == np.float64 and got.shape == (7, 5)
    np.testing.assert_array_equal(got, expected)
    text = cli("trace", "--model", "bernoulli", "--n", 3, "--rounds", 4, "--p", 0.5, "--seed", 9)
    expected = np.loadtxt(io.StringIO(text), delimiter=",", comments="#")
    np.testing.assert_array_equal(sgc.bernoulli_trace(3, 4, 0.5, seed=9), expected)


def test_bad_traces(inputs, tmp_path):
    with pytest.raises(sgc.ParseError, match='sim_bad.trace:4: value 3 \\(worker 2\\): "x" is not a number') as e:
        sgc.load_trace(inputs / "sim_bad.trace")
    assert e.value.line == 4 and e.value.file.endswith("sim_bad.trace")
    with pytest.raises(sgc.InvalidParameter, match="cannot open"):
        sgc.simulate(tmp_path / "none.csv", sgc.gc(4, 1), jobs=1)
    with pytest.raises(sgc.InvalidParameter, match="jobs = 3: jobs \\+ T = 4 rounds are needed, the trace has 3"):
        sgc.simulate(inputs / "sim_gc.trace", sgc.m_sgc(4, 1, 2, 2), jobs=3)
    with pytest.raises(sgc.InvalidParameter, match="trace.n\\(\\) = 4: the trace must have one column per worker, n = 5"):
        sgc.simulate(inputs / "sim_gc.trace", sgc.gc(5, 1), jobs=1)
    with pytest.raises(sgc.InvalidParameter, match="times\\[round 0, worker 1\\] = -1: times are finite seconds >= 0"):
        sgc.simulate([[1.0, -1.0]], sgc.gc(2, 1), jobs=1)
    with pytest.raises(sgc.InvalidParameter, match="mu = -1"):
        sgc.simulate(inputs / "sim_gc.trace", sgc.gc(4, 1), jobs=1, mu=-1)
    with pytest.raises(sgc.InvalidParameter, match="policy = wait-some: must be one of wait-all, minimal-wait"):
        sgc.simulate(inputs / "sim_gc.trace", sgc.gc(4, 1), jobs=1, policy="wait-some")
    with pytest.raises(sgc.InvalidParameter, match="trace.ndim = 1"):
        sgc.tune([1.0, 2.0], jobs=1, max_delay=0)

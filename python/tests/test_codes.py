"""Codes from Python: the library's codes, loads as Fractions, encoding matrices, plans, and the
decoded gradient equal to the directly computed sum (exhaustively for small n, at random for
large n), against the command-line tool's numbers on the same inputs."""
import fractions
import itertools

import numpy as np
import pytest

import sgc

F64 = sgc.DecodeOptions.for_type("float64")  # the guard, for float64 gradients


def codes(n):
    """Every code of the library over n workers: (kind, s)."""
    for s in range(n):
        for kind in ("frc", "uneven", "crc"):
            if kind != "frc" or n % (s + 1) == 0:
                yield kind, s


def partials(k, d, seed):
    return np.random.default_rng(seed).standard_normal((k, d))


def results_of(code, g):
    """Every worker's coded result, through sgc.encode."""
    out = np.zeros((code.n, g.shape[1]))
    for i in range(code.n):
        sgc.encode(out[i], code, i, g)
    return out


def test_known_answers():
    frc = sgc.code("frc", 4, 1)
    assert frc.kind == "frc" and (frc.n, frc.s, frc.k) == (4, 1, 4)
    assert frc.load == fractions.Fraction(1, 2)
    np.testing.assert_array_equal(frc.encoding_matrix, [[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1]])
    plan = frc.plan([0, 2])
    assert plan.ok and plan.status == "ok" and plan.status == sgc.DecodeStatus.ok
    assert plan.workers == [0, 2] and plan.coefficients == [1.0, 1.0]
    assert frc.plan([0, 1]).status == "too_few_responders" and not frc.plan([0, 1])
    task = frc.task(3)
    assert task.partitions == [2, 3] and task.coefficients == [1.0, 1.0]
    # Tandon et al.'s (3, 1) example: any two rows combine to the all-ones row.
    E = [[0.5, 1, 0], [0, 1, -1], [0.5, 0, 1]]
    mine = sgc.matrix_code(E, 1)
    assert mine.kind == "matrix" and mine.load == fractions.Fraction(2, 3)
    assert mine.plan([0, 1]).coefficients == pytest.approx([2.0, -1.0])
    assert mine.plan([1, 2]).coefficients == pytest.approx([1.0, 2.0])


def test_a_false_claim_is_not_decodable_and_the_guard_is_set_by_options():
    identity = sgc.matrix_code(np.eye(4), 1)  # claims s = 1; only all four rows sum to ones
    assert identity.plan([0, 1, 2]).status == sgc.DecodeStatus.not_decodable
    assert identity.plan(range(4)).ok
    code = sgc.code("crc", 8, 3)
    plan = code.plan(range(5))
    assert plan.ok and plan.error_estimate > plan.plain_sum_estimate > 0
    strict = sgc.DecodeOptions(tolerance=plan.error_estimate - plan.plain_sum_estimate)
    assert code.plan(range(5), strict).ok
    strict.tolerance /= 2
    assert code.plan(range(5), strict).status == "unreliable"
    assert sgc.DecodeOptions.for_type("float64").unit_roundoff == 2.0 ** -53
    assert sgc.DecodeOptions(model="worst_case").model == sgc.ErrorModel.worst_case
    with pytest.raises(sgc.InvalidParameter, match="model = best: must be one of typical, any_gradient, worst_case"):
        sgc.DecodeOptions(model="best")


@pytest.mark.parametrize("n", range(1, 7))
def test_every_responder_set_of_small_codes(n):
    d = 5
    for kind, s in codes(n):
        code = sgc.code(kind, n, s)
        g = partials(code.k, d, seed=n * 31 + s)
        results = results_of(code, g)
        np.testing.assert_allclose(results, code.encoding_matrix @ g, rtol=1e-12, atol=1e-12)
        for size in range(n + 1):
            for responders in itertools.combinations(range(n), size):
                plan = code.plan(responders, options=F64)
                out = np.full(d, 7.0)
                status = sgc.decode(out, plan, results)
                assert status == plan.status
                if size >= n - s:
                    assert plan.ok, (kind, n, s, responders)
                if plan.ok:
                    assert set(plan.workers) <= set(responders)
                    np.testing.assert_allclose(out, g.sum(0), rtol=1e-9, atol=1e-9)
                else:
                    assert (out == 7.0).all(), "a plan that is not ok must leave out untouched"


@pytest.mark.parametrize("kind", ["uneven", "crc"])
def test_large_codes_at_random(kind):
    rng = np.random.default_rng(5)
    n, s, d = 48, 9, 16
    code = sgc.code(kind, n, s, seed=11)
    g = partials(code.k, d, seed=3)
    results = results_of(code, g)
    for _ in range(25):
        responders = rng.choice(n, size=n - s, replace=False)
        plan = code.plan(responders.tolist(), F64)
        assert plan.ok and set(plan.workers) <= set(responders.tolist())
        out = np.zeros(d)
        sgc.decode(out, plan, {int(i): results[i] for i in plan.workers})
        np.testing.assert_allclose(out, g.sum(0), rtol=1e-8, atol=1e-8)


@pytest.mark.parametrize("kind,n,s", [("frc", 256, 15), ("uneven", 10, 4), ("crc", 10, 4), ("uneven", 4, 2)])
def test_codes_match_the_cli(cli, kind, n, s):
    info = cli("info", "--scheme", "gc", "--n", n, "--s", s, "--code", kind)["code"]
    code = sgc.code(kind, n, s)
    assert (str(code.kind), code.n, code.s, code.k) == (info["kind"], info["n"], info["s"], info["k"])
    assert code.load == fractions.Fraction(info["load"])


def test_seeds_draw_the_cyclic_code():
    a, b = sgc.code("crc", 6, 2, seed=1), sgc.code("crc", 6, 2, seed=2)
    assert not np.array_equal(a.encoding_matrix, b.encoding_matrix)
    np.testing.assert_array_equal(a.encoding_matrix, sgc.code("crc", 6, 2, seed=1).encoding_matrix)


def test_bad_codes():
    with pytest.raises(sgc.InvalidParameter, match="s = 2: requires \\(s \\+ 1\\) to divide n") as e:
        sgc.code("frc", 7, 2)
    assert (e.value.parameter, e.value.value) == ("s", "2")
    with pytest.raises(sgc.InvalidParameter, match="s = 4"):
        sgc.code("uneven", 4, 4)
    with pytest.raises(sgc.InvalidParameter, match="kind = rs: must be one of frc, uneven, crc, matrix"):
        sgc.code("rs", 4, 1)
    with pytest.raises(sgc.InvalidParameter, match="E.ndim = 1"):
        sgc.matrix_code([1.0, 2.0], 0)
    code = sgc.code("frc", 4, 1)
    with pytest.raises(sgc.InvalidParameter, match="worker = 4"):
        code.plan([0, 4])
    with pytest.raises(sgc.InvalidParameter, match="duplicate worker id"):
        code.plan([1, 1])
    with pytest.raises(sgc.InvalidParameter, match="worker = 9"):
        code.task(9)

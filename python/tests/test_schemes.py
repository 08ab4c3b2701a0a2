"""Schemes from Python: parameters, loads and task tables equal to `sgc info` / `sgc plan` on the
same inputs, and the sans-I/O master's recipes, applied with sgc.decode to results computed by
sgc.Worker, equal to the job's full gradient."""
import fractions

import numpy as np
import pytest

import sgc

CONFIGS = [
    dict(kind="gc", n=8, s=3, code="uneven"),
    dict(kind="gc", n=256, s=15, code="frc"),
    dict(kind="none", n=8, code="uneven"),
    dict(kind="sr-sgc", n=256, B=4, W=9, lam=22, code="crc"),
    dict(kind="sr-sgc", n=8, B=2, W=3, lam=4, code="uneven"),
    dict(kind="m-sgc", n=256, B=1, W=2, lam=27, code="crc"),
    dict(kind="m-sgc", n=4, B=2, W=3, lam=2, code="uneven"),
    dict(kind="m-sgc", n=3, B=1, W=3, lam=3, code="uneven"),
]


def cli_args(c):
    args = ["--scheme", c["kind"], "--n", c["n"], "--code", c["code"]]
    for key, option in (("s", "--s"), ("B", "--B"), ("W", "--W"), ("lam", "--lambda")):
        if key in c:
            args += [option, c[key]]
    return args


def make(c):
    return sgc.scheme(**c)


@pytest.mark.parametrize("c", CONFIGS, ids=lambda c: "-".join(str(v) for v in c.values()))
def test_scheme_matches_sgc_info(cli, c):
    info = cli("info", *cli_args(c))
    scheme = make(c)
    assert str(scheme.kind) == info["scheme"] and scheme.n == info["n"]
    assert (scheme.T, scheme.slots) == (info["T"], info["slots"])
    assert scheme.load == fractions.Fraction(info["load"]) and float(scheme.load) == info["load_value"]
    for attribute, key in (("s", "s"), ("B", "B"), ("W", "W"), ("lambda_", "lambda")):
        if key in info:
            assert getattr(scheme, attribute) == info[key]
    if "d1_fraction" in info:
        assert scheme.d1_fraction == fractions.Fraction(info["d1_fraction"])
    if info["code"] is None:
        assert scheme.code is None
    else:
        code = scheme.code
        assert (str(code.kind), code.n, code.s, code.k) == tuple(info["code"][k] for k in ("kind", "n", "s", "k"))
        assert code.load == fractions.Fraction(info["code"]["load"])


def task_json(task):
    if task.idle:
        return None
    j = {"job": task.job, "kind": str(task.kind)}
    if task.kind in ("d1", "d1-reattempt"):
        j["piece"] = task.index
    if task.kind == "d2":
        j["group"] = task.index
    return j


def plan_of(scheme, jobs, pattern):
    """What `sgc plan` prints, from the sans-I/O master."""
    master = scheme.make_master(jobs)
    rounds = []
    while not master.done:
        a = master.assignment
        stragglers = pattern[a.round] if a.round < len(pattern) else []
        rounds.append({"round": a.round, "stragglers": sorted(stragglers),
                       "workers": [[task_json(t) for t in row] for row in a.table()]})
        master.complete_round(sorted(set(range(scheme.n)) - set(stragglers)))
    statuses = []
    for t in range(jobs):
        st = master.status(t)
        j = {"job": t, "deadline": st.deadline, "decodable": st.state == "decodable"}
        if st.state == "decodable":
            j["decoded_in"] = st.decoded_in
        else:
            j["reason"] = str(st.reason)
        statuses.append(j)
    return rounds, statuses


PLAN_CASES = [
    (dict(kind="m-sgc", n=4, B=2, W=3, lam=2, code="uneven"), "worked_example.pattern", None),
    (dict(kind="m-sgc", n=4, B=2, W=3, lam=2, code="crc"), "negative_example.pattern", None),
    (dict(kind="sr-sgc", n=4, B=1, W=2, lam=2, code="uneven"), "sr_sgc_example.pattern", None),
    (dict(kind="gc", n=6, s=2, code="crc"), None, ("bernoulli", 0.3)),
    (dict(kind="sr-sgc", n=6, B=2, W=5, lam=3, code="uneven"), None, ("adversarial",)),
    (dict(kind="sr-sgc", n=6, B=2, W=5, lam=3, code="uneven"), None, ("bernoulli", 0.25)),
    (dict(kind="m-sgc", n=5, B=2, W=4, lam=3, code="uneven"), None, ("adversarial",)),
    (dict(kind="m-sgc", n=6, B=1, W=3, lam=2, code="frc"), None, ("bernoulli", 0.3)),
]


def random_pattern(scheme, how, rounds, seed):
    if how[0] == "bernoulli":
        return sgc.BernoulliStragglers(scheme.n, how[1], seed=seed).generate(rounds)
    return sgc.AdversarialStragglers(scheme.model(), seed=seed).generate(rounds)


@pytest.mark.parametrize("c,file,how", PLAN_CASES)
def test_master_matches_sgc_plan(cli, inputs, tmp_path, c, file, how):
    scheme = make(c)
    jobs = 3 if file else 12
    for seed in range(1 if file else 4):
        if file:
            path = inputs / file
            pattern = sgc.load_pattern(path, scheme.n)
        else:
            pattern = random_pattern(scheme, how, jobs + scheme.T, seed)
            path = tmp_path / f"pattern{seed}.txt"
            sgc.save_pattern(path, pattern, scheme.n)
        expected = cli("plan", *cli_args(c), "--jobs", jobs, "--pattern", path)
        rounds, statuses = plan_of(scheme, jobs, pattern)
        assert rounds == expected["rounds"]
        assert statuses == expected["jobs"]


def job_gradients(jobs, batch, d, seed):
    """Per-sample gradients of every job: g[job][sample]."""
    return np.random.default_rng(seed).standard_normal((jobs, batch, d))


@pytest.mark.parametrize("c,how", [(c, how) for c, _, how in PLAN_CASES if how is not None])
def test_recipes_decode_the_full_gradient(c, how):
    """Workers compute coded results with sgc.Worker; the stragglers' never arrive; every job
    the master declares decodable decodes, through its recipe, to the sum of its samples."""
    scheme = make(c)
    jobs, batch, d = 10, 37, 6
    for seed in range(3):
        pattern = random_pattern(scheme, how, jobs + scheme.T, seed)
        g = job_gradients(jobs, batch, d, seed)
        models = {t: f"model {t}" for t in range(jobs)}
        calls = []

        def partial(model, job, begin, end):
            assert model == models[job]
            calls.append(end - begin)
            return g[job, begin:end].sum(0)

        workers = [sgc.Worker(scheme, i, batch, d, dtype="float64") for i in range(scheme.n)]
        master = scheme.make_master(jobs, options=sgc.DecodeOptions(unit_roundoff=2.0 ** -53))
        results, decoded, failed = {}, {}, set()
        while not master.done:
            a = master.assignment
            busy = a.busy_workers()
            returned = [i for i in range(scheme.n) if i not in pattern[a.round]]
            for i in busy:
                message = workers[i].run(a.round, a, models, partial)
                assert message.worker == i and message.round == a.round
                assert [slot for slot, _ in message.slots] == [m for m in range(a.slots) if not a[i, m].idle]
                if i in returned:
                    for slot, gradient in message.slots:
                        results[(i, a.round, slot)] = gradient
            outcome = master.complete_round(returned)
            for recipe in outcome.decoded:
                out = np.zeros(d)
                sgc.decode(out, recipe, results)
                decoded[recipe.job] = out
            failed.update(outcome.failed)
        assert sum(calls) > 0
        for t, out in decoded.items():
            np.testing.assert_allclose(out, g[t].sum(0), rtol=1e-9, atol=1e-9)
        assert sorted(set(decoded) | failed) == list(range(jobs)) and not set(decoded) & failed
        if scheme.model().check(pattern) is None:
            assert not failed, "a conforming pattern must decode every job"


def test_task_data_is_the_code_row_over_the_batch():
    scheme = sgc.gc(6, 2, code="frc")
    ranges = scheme.task_data(60, 1, sgc.Task("gc", 0))
    row = scheme.code.task(1)
    assert [c for _, _, c in ranges] == row.coefficients
    size = 60 // scheme.code.k
    assert [(b, e) for b, e, _ in ranges] == [(size * j, size * (j + 1)) for j in row.partitions]
    m = sgc.m_sgc(4, 2, 3, 2)  # D1: the first round(x * batch) samples, W - 1 = 2 pieces a worker
    pieces = [m.task_data(100, i, sgc.Task(sgc.TaskKind.d1, 0, piece)) for i in range(4) for piece in range(2)]
    assert all(len(p) == 1 and p[0][2] == 1.0 for p in pieces)
    bounds = [p[0][:2] for p in pieces]
    assert bounds[0][0] == 0 and all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert bounds[-1][1] == round(m.d1_fraction * 100)
    with pytest.raises(sgc.InvalidParameter, match="kind = idle"):
        scheme.task_data(60, 1, sgc.Task("idle"))


def test_scheme_with_a_user_matrix():
    E = [[0.5, 1, 0], [0, 1, -1], [0.5, 0, 1]]
    scheme = sgc.gc(3, 1, code=sgc.matrix_code(E, 1))
    assert scheme.code.kind == "matrix" and scheme.load == fractions.Fraction(2, 3)
    master = scheme.make_master(1)
    outcome = master.complete_round([0, 2])
    assert [t.coefficient for t in outcome.decoded[0].terms] == pytest.approx([1.0, 1.0])


def test_bad_schemes():
    with pytest.raises(sgc.InvalidParameter, match="B = 2: requires B to divide W - 1") as e:
        sgc.sr_sgc(8, 2, 6, 7)
    assert e.value.parameter == "B" and isinstance(e.value, ValueError)
    with pytest.raises(sgc.InvalidParameter, match="W = 2: requires W >= B \\+ 1 \\(B = 3\\)"):
        sgc.m_sgc(4, 3, 2, 1)
    with pytest.raises(sgc.InvalidParameter, match="lambda = 5: requires 1 <= lambda <= n"):
        sgc.m_sgc(4, 1, 2, 5)
    with pytest.raises(sgc.InvalidParameter, match="code = \\(n = 4, s = 1\\): the scheme needs a code with n = 4 and s = 2"):
        sgc.gc(4, 2, code=sgc.code("uneven", 4, 1))
    with pytest.raises(sgc.InvalidParameter, match="kind = fast: must be one of none, gc, sr-sgc, m-sgc"):
        sgc.scheme("fast", 4)
    master = sgc.gc(4, 1).make_master(1)
    master.complete_round(range(4))
    with pytest.raises(sgc.InvalidParameter, match="every job's deadline has passed"):
        master.complete_round(range(4))
    with pytest.raises(sgc.InvalidParameter, match="job = 1: unknown job"):
        master.status(1)
    with pytest.raises(sgc.InvalidParameter, match="jobs = 0"):
        sgc.gc(4, 1).make_master(0)


def test_help_describes_the_arguments():
    doc = sgc.m_sgc.__doc__
    for words in ("m_sgc(n: int, B: int, W: int, lam: int", "T = W - 2 + B", "sgc.InvalidParameter",
                  "Fraction(7, 928)"):
        assert words in doc

"""sgc.Master through a transport written in Python: on a virtual clock whose workers answer
after a trace's delays it ends every round as sgc.simulate does on that trace, its decoded
gradients equal the directly computed sums, and bad messages are dropped and counted."""
import heapq
import itertools

import numpy as np
import pytest

import sgc


class Problem:
    """Per-sample gradients of every job; a partial sums a range of them."""

    def __init__(self, jobs, batch, d, seed=0):
        self.g = np.random.default_rng(seed).standard_normal((jobs, batch, d))
        self.batch, self.d = batch, d

    def partial(self, model, job, begin, end):
        assert model == ("model", job)
        return self.g[job, begin:end].sum(0)


class VirtualTransport:
    """Workers computed with sgc.Worker in this process; worker i's results of round r arrive
    delays[r][i] seconds after the round was posted, on a virtual clock."""

    def __init__(self, scheme, delays, problem, dtype="float64"):
        self.n = scheme.n
        self.clock = 0.0
        self.queue = []
        self.order = itertools.count()
        self.delays = delays
        self.problem = problem
        self.inputs = {}
        self.posted = []
        self.workers = [sgc.Worker(scheme, i, problem.batch, problem.d, dtype=dtype) for i in range(self.n)]

    def now(self):
        return self.clock

    def post(self, work):
        self.posted.append((work.round, work.first_job, work.input))
        if work.input is not None:
            self.inputs[work.round] = work.input
        for i in work.assignment.busy_workers():
            message = self.workers[i].run(work.round, work.assignment, self.inputs, self.problem.partial)
            self.deliver(message, self.clock + self.delays[work.round][i])

    def deliver(self, message, at):
        heapq.heappush(self.queue, (at, next(self.order), message))

    def receive(self, deadline):
        if self.queue and self.queue[0][0] <= deadline:
            at, _, message = heapq.heappop(self.queue)
            self.clock = max(self.clock, at)
            return message
        self.clock = max(self.clock, deadline)
        return None


def drive(master, jobs):
    reports, results = [], {}
    while not master.finished:
        r = master.round
        reports.append(master.run_round(("model", r) if r < jobs else None))
        while (job := master.next()) is not None:
            results[job.job] = job
    return reports, results


SCHEMES = [sgc.gc(12, 3), sgc.sr_sgc(12, 2, 3, 4), sgc.m_sgc(12, 1, 3, 4)]


@pytest.mark.parametrize("scheme", SCHEMES, ids=str)
@pytest.mark.parametrize("policy", ["wait-all", "minimal-wait"])
def test_master_and_simulator_agree_round_by_round(scheme, policy):
    jobs = 20
    for seed in range(3):
        trace = sgc.gilbert_elliott_trace(scheme.n, jobs + scheme.T, 0.08, 0.5, seed=seed,
                                          timing=sgc.TraceTiming(decimals=15))
        simulated = sgc.simulate(trace, scheme, mu=1.0, jobs=jobs, policy=policy)
        problem = Problem(jobs, 29, 5, seed)
        transport = VirtualTransport(scheme, trace, problem)
        master = sgc.Master(scheme, transport, jobs, d=problem.d, dtype="float64", mu=1.0, policy=policy)
        assert master.rounds == jobs + scheme.T
        reports, results = drive(master, jobs)
        assert len(reports) == len(simulated.rounds)
        for got, want in zip(reports, simulated.rounds):
            assert got.round == want.round
            assert got.duration == pytest.approx(want.duration, rel=1e-12)
            assert got.waited == want.waited and got.stragglers == want.stragglers
            assert got.busy == want.active
        assert master.counters["waits"] == simulated.waits
        decoded = [t for t, job in results.items() if job.ok]
        assert len(decoded) == simulated.jobs_decoded
        for t in decoded:
            assert results[t].gradient.dtype == np.float64 and results[t].gradient.shape == (problem.d,)
            np.testing.assert_allclose(results[t].gradient, problem.g[t].sum(0), rtol=1e-12, atol=1e-12)
        assert sorted(results) == list(range(jobs))
        assert [p[0] for p in transport.posted] == [r.round for r in reports if r.busy]  # idle rounds: no post
        assert all(p[2] == (("model", p[0]) if p[0] < jobs else None) for p in transport.posted)


def test_float32_results_and_torch_style_use():
    scheme, jobs = sgc.m_sgc(4, 1, 2, 2), 3
    problem = Problem(jobs, 16, 8)
    problem.g = problem.g.astype(np.float32)
    transport = VirtualTransport(scheme, np.ones((jobs + scheme.T, 4)), problem, dtype="float32")
    master = sgc.Master(scheme, transport, jobs, d=8)
    _, results = drive(master, jobs)
    for t, job in results.items():
        assert job.ok and job.state == "decodable" and job.reason is None
        assert job.gradient.dtype == np.float32
        np.testing.assert_allclose(job.gradient, problem.g[t].sum(0), rtol=1e-5, atol=1e-5)


def test_a_gradient_of_the_wrong_length_is_an_error_at_once():
    scheme, jobs = sgc.gc(4, 1), 2
    problem = Problem(jobs, 8, 3)
    transport = VirtualTransport(scheme, [[1.0, 1.0, 1.0, 1.0]] * jobs, problem)
    transport.deliver((1, 0, [(0, np.zeros(4))]), 0.3)
    master = sgc.Master(scheme, transport, jobs, d=3, dtype=np.float64)
    with pytest.raises(sgc.InvalidParameter,
                       match=r"result gradient length = 4 \(worker 1, round 0, slot 0\): must equal d = 3"):
        master.run_round(("model", 0))
    assert transport.clock == 0.3


def test_bad_messages_are_dropped_and_counted():
    scheme, jobs = sgc.gc(4, 1), 2
    problem = Problem(jobs, 8, 3)
    transport = VirtualTransport(scheme, [[1.0, 1.0, 1.0, 1.0]] * jobs, problem)
    good = np.zeros(3)
    transport.deliver((0, 0, [(0, good)]), 0.1)           # round 0 answered twice by worker 0
    transport.deliver((9, 0, [(0, good)]), 0.2)           # no worker 9
    transport.deliver((1, 0, [(5, good)]), 0.3)           # a slot the scheme does not have
    transport.deliver((2, 0, [(0, good), (0, good)]), 0.4)  # the same slot twice
    master = sgc.Master(scheme, transport, jobs, d=3, dtype=np.float64, mu=5.0, policy="minimal-wait")
    report = master.run_round(("model", 0))
    assert report.stragglers == [3]  # its real result (at 1.0) arrives during round 1: late
    transport.deliver((3, 0, [(0, good)]), transport.clock + 0.1)  # round 0's, during round 1
    master.run_round(("model", 1))
    counters = master.counters
    assert counters["unknown"] == 1 and counters["malformed"] == 2
    assert counters["duplicate"] == 1 and counters["late"] == 2
    assert counters["accepted"] == 3 + 4  # round 0: the early (0, 0), workers 1 and 2; round 1: all
    results = [master.next(), master.next()]
    assert [r.job for r in results] == [0, 1] and master.next() is None and master.finished


def test_a_silent_worker_is_presumed_lost():
    scheme, jobs = sgc.gc(4, 1), 3
    problem = Problem(jobs, 8, 3)
    never = 1e9  # worker 2; worker 3 is late: {2, 3} missing at the cut-off do not conform to s = 1
    transport = VirtualTransport(scheme, [[1.0, 1.0, never, 3.0]] * jobs, problem)
    master = sgc.Master(scheme, transport, jobs, d=3, dtype="float64", policy="wait-all", lost_after=5.0)
    reports, results = drive(master, jobs)
    assert master.lost == [2] and master.counters["lost"] == 1
    assert reports[0].duration == 5.0 and reports[1].duration == 3.0  # then no longer waited for
    assert all(results[t].ok for t in range(jobs))
    assert master.status(0).state == "decodable"


def test_transport_errors_propagate_and_bad_arguments_are_named():
    scheme = sgc.gc(4, 1)
    problem = Problem(1, 8, 3)

    class Broken(VirtualTransport):
        def receive(self, deadline):
            raise RuntimeError("link down")

    with pytest.raises(RuntimeError, match="link down"):
        sgc.Master(scheme, Broken(scheme, [[1.0] * 4], problem), 1, d=3, dtype="float64").run_round(("model", 0))

    wrong = VirtualTransport(scheme, [[1.0] * 4], problem)
    wrong.deliver((0, 0, [(0, np.zeros(3, np.float32))]), 0.0)
    with pytest.raises(TypeError, match="slot 0's gradient is float32, expected float64"):
        sgc.Master(scheme, wrong, 1, d=3, dtype="float64").run_round(("model", 0))

    class Shapeless(VirtualTransport):
        def receive(self, deadline):
            return 42

    with pytest.raises(TypeError, match="must return None, an sgc.ResultMessage or"):
        sgc.Master(scheme, Shapeless(scheme, [[1.0] * 4], problem), 1, d=3, dtype="float64").run_round(("model", 0))
    with pytest.raises(sgc.InvalidParameter, match="transport.n\\(\\) = 4: must equal the scheme's n = 5"):
        sgc.Master(sgc.gc(5, 1), VirtualTransport(scheme, [], problem), 1, d=3)
    with pytest.raises(sgc.InvalidParameter, match="mu = -1"):
        sgc.Master(scheme, VirtualTransport(scheme, [], problem), 1, d=3, mu=-1)
    with pytest.raises(sgc.InvalidParameter, match="dtype = int8: must be float32 or float64"):
        sgc.Master(scheme, VirtualTransport(scheme, [], problem), 1, d=3, dtype="int8")
    with pytest.raises(sgc.InvalidParameter, match="job = 3: has no input: it was not posted"):
        sgc.Worker(scheme, 0, 8, 3, dtype="float64").run(0, [sgc.Task("gc", 3)], {}, problem.partial)
    with pytest.raises(ValueError, match="partial's result has 2 elements, expected d = 3"):
        sgc.Worker(scheme, 0, 8, 3, dtype="float64").run(0, [sgc.Task("gc", 0)], {0: 0}, lambda *a: np.zeros(2))
    with pytest.raises(sgc.InvalidParameter, match="id = 4: must be < n"):
        sgc.Worker(scheme, 4, 8, 3)

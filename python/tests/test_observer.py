"""sgc.Master's observer: every event of sgc::master reaches the Python object's method of the
same name (those it has), agrees with the counters and the round reports, and an exception it
raises surfaces from run_round once the round has run."""
import numpy as np
import pytest

import sgc
from test_runtime import Problem, VirtualTransport, drive


class Recorder:
    def __init__(self):
        self.rounds, self.dropped, self.lost, self.revived, self.failed = [], [], [], [], []

    def round_finished(self, report):
        self.rounds.append(report)

    def result_dropped(self, worker, round, during, reason):
        self.dropped.append((worker, round, during, str(reason)))

    def worker_lost(self, worker, round):
        self.lost.append((worker, round))

    def worker_revived(self, worker, round):
        self.revived.append((worker, round))

    def job_failed(self, job, reason):
        self.failed.append((job, str(reason)))


def test_every_event_is_told_and_agrees_with_the_counters():
    scheme, jobs = sgc.gc(4, 1), 3
    problem = Problem(jobs, 8, 3)
    never = 1e9  # worker 2 never answers: presumed lost in round 0
    transport = VirtualTransport(scheme, [[1.0, 1.0, never, 3.0]] * jobs, problem)
    transport.deliver((0, 0, [(0, np.zeros(3))]), 0.1)  # worker 0 answers round 0 twice
    transport.deliver((9, 0, [(0, np.zeros(3))]), 0.2)  # no worker 9
    seen = Recorder()
    master = sgc.Master(scheme, transport, jobs, d=3, dtype="float64", lost_after=5.0, observer=seen)
    reports, results = drive(master, jobs)

    assert [r.round for r in seen.rounds] == [r.round for r in reports]
    assert [r.stragglers for r in seen.rounds] == [r.stragglers for r in reports]
    assert seen.lost == [(2, 0)] and master.counters["lost"] == 1
    counters = master.counters
    for reason in ("late", "duplicate", "unknown", "malformed", "redundant"):
        assert sum(d[3] == reason for d in seen.dropped) == counters[reason], reason
    assert (9, 0, 0, "unknown") in seen.dropped
    assert any(d[0] == 0 and d[3] == "duplicate" for d in seen.dropped)
    assert seen.failed == [] and all(results[t].ok for t in range(jobs))


def test_failed_jobs_are_told_with_their_reason():
    scheme, jobs = sgc.gc(4, 1), 2
    problem = Problem(jobs, 8, 3)
    never = 1e9  # two workers silent: GC with s = 1 cannot decode
    transport = VirtualTransport(scheme, [[1.0, 1.0, never, never]] * jobs, problem)
    seen = Recorder()
    master = sgc.Master(scheme, transport, jobs, d=3, dtype="float64", lost_after=2.0, observer=seen)
    _, results = drive(master, jobs)
    assert seen.failed == [(0, "too_few_responders"), (1, "too_few_responders")]
    assert [results[t].ok for t in range(jobs)] == [False, False]


def test_an_observer_may_have_only_some_methods():
    class RoundsOnly:
        def __init__(self):
            self.count = 0

        def round_finished(self, report):
            self.count += 1

    scheme, jobs = sgc.m_sgc(4, 1, 2, 2), 3
    problem = Problem(jobs, 16, 4)
    transport = VirtualTransport(scheme, np.ones((jobs + scheme.T, 4)), problem)
    seen = RoundsOnly()
    master = sgc.Master(scheme, transport, jobs, d=4, dtype="float64", observer=seen)
    _, results = drive(master, jobs)
    assert seen.count == jobs + scheme.T and all(results[t].ok for t in range(jobs))


def test_an_observer_exception_is_raised_after_its_round():
    class Fussy:
        def __init__(self):
            self.calls = 0

        def round_finished(self, report):
            self.calls += 1
            if report.round == 0:
                raise ValueError("observer says no")

    scheme, jobs = sgc.gc(4, 1), 2
    problem = Problem(jobs, 8, 3)
    transport = VirtualTransport(scheme, [[1.0] * 4] * jobs, problem)
    seen = Fussy()
    master = sgc.Master(scheme, transport, jobs, d=3, dtype="float64", observer=seen)
    with pytest.raises(ValueError, match="observer says no"):
        master.run_round(("model", 0))
    assert master.round == 1  # the round itself ran
    master.run_round(("model", 1))  # and the master goes on
    assert seen.calls == 2
    results = [master.next(), master.next()]
    assert [r.job for r in results] == [0, 1] and all(r.ok for r in results)
    np.testing.assert_allclose(results[1].gradient, problem.g[1].sum(0), rtol=1e-12, atol=1e-12)

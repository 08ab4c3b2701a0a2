"""Straggler models from Python: the conformance vectors of the design document with the
violated rule, monitors, seeded generators and pattern files."""
import numpy as np
import pytest

import sgc


def workers_in_rounds(rounds, who):
    """A pattern of `rounds` rounds from {worker: [rounds it straggles in]}."""
    return [[w for w, rs in who.items() if r in rs] for r in range(rounds)]


def test_bursty_vectors_and_the_rule_they_break():
    model = sgc.BurstyModel(4, 2, 3, 2)
    assert (model.n, model.B, model.W, model.lambda_) == (4, 2, 3, 2)
    assert model.check(workers_in_rounds(3, {0: [1, 2], 1: [2]})) is None
    v = model.check(workers_in_rounds(3, {0: [1, 2], 1: [2], 2: [2]}))
    assert (v.round, v.rule, v.worker, v.limit, v.first_round) == (2, "spatial", 3, 2, 0)
    assert str(v) == "round 2: 3 distinct stragglers in window [0, 2] exceed lambda = 2"
    for lam in range(1, 4):
        v = sgc.BurstyModel(3, 1, 3, lam).check(workers_in_rounds(3, {0: [0, 2]}))
        assert (v.round, v.rule, v.worker, v.limit, v.first_round) == (2, sgc.ConformanceRule.temporal, 0, 1, 0)
        assert sgc.BurstyModel(3, 1, 2, lam).check(workers_in_rounds(3, {0: [0, 2]})) is None


def test_s_per_round():
    model = sgc.SPerRoundModel(5, 2)
    assert model.check([[0, 1], [], [2, 3]]) is None
    v = model.check([[0, 1], [0, 1, 4]])
    assert (v.round, v.rule, v.worker, v.limit) == (1, "per_round_limit", 3, 2)


def test_monitor_agrees_with_the_whole_pattern_check():
    model = sgc.BurstyModel(6, 2, 4, 3)
    pattern = sgc.BernoulliStragglers(6, 0.3, seed=9).generate(40)
    first = model.check(pattern)
    monitor = model.monitor()
    for r, S in enumerate(pattern):
        v = monitor.check(S)
        if v is not None:
            assert v == first
            break
        monitor.record(S)
        assert monitor.round == r + 1
    else:
        assert first is None
    subset = model.monitor().conforming_subset(range(6))
    assert len(subset) == 3 and model.check([subset]) is None


def test_generators_are_reproducible_and_adversarial_patterns_conform():
    a = sgc.GilbertElliottStragglers(8, 0.2, 0.5, seed=4).generate(30)
    assert a == sgc.GilbertElliottStragglers(8, 0.2, 0.5, seed=4).generate(30)
    assert a != sgc.GilbertElliottStragglers(8, 0.2, 0.5, seed=5).generate(30)
    bernoulli = sgc.BernoulliStragglers(8, 1.0, seed=1)
    assert bernoulli.next() == list(range(8)) and bernoulli.n == 8
    model = sgc.BurstyModel(8, 2, 3, 3)
    pattern = sgc.AdversarialStragglers(model, seed=7).generate(50)
    assert model.check(pattern) is None
    # every window of W rounds from round W - 1 on has exactly lambda distinct stragglers
    for r in range(2, 50):
        assert len(set().union(*map(set, pattern[r - 2:r + 1]))) == 3


def test_pattern_files(tmp_path, inputs):
    assert sgc.load_pattern(inputs / "worked_example.pattern", 4) == [[], [0], [0, 1]]
    path = tmp_path / "p.txt"
    sgc.save_pattern(path, [[3, 1], [], [0]], 4)
    assert path.read_text() == "1 3\n\n0\n"
    assert sgc.load_pattern(str(path), 4) == [[1, 3], [], [0]]
    with pytest.raises(sgc.ParseError, match="bad.pattern:4: worker id 9 is out of range") as e:
        sgc.load_pattern(inputs / "bad.pattern", 4)
    assert e.value.file == str(inputs / "bad.pattern") and e.value.line == 4
    assert isinstance(e.value, sgc.Error) and not isinstance(e.value, ValueError)
    with pytest.raises(sgc.InvalidParameter, match="cannot open the file"):
        sgc.load_pattern(tmp_path / "missing", 4)


def test_bad_models():
    with pytest.raises(sgc.InvalidParameter, match="W = 1: the window must be at least as long as a burst"):
        sgc.BurstyModel(4, 2, 1, 1)
    with pytest.raises(sgc.InvalidParameter, match="lambda = 5"):
        sgc.BurstyModel(4, 1, 2, 5)
    with pytest.raises(sgc.InvalidParameter, match="p = 1.5"):
        sgc.BernoulliStragglers(4, 1.5, seed=1)
    with pytest.raises(sgc.InvalidParameter, match="worker = 4"):
        sgc.SPerRoundModel(4, 1).check([[4]])
    with pytest.raises(TypeError, match="S must be an iterable of worker ids"):
        sgc.SPerRoundModel(4, 1).monitor().check(["a"])
    assert np.array_equal(sgc.SPerRoundModel(4, 1).monitor().conforming_subset([3, 1]), [1])

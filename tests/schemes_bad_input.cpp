// Scheme parameters outside the schemes' rules (docs/design.md §4), and misuse of a master.
#include <doctest/doctest.h>

#include <sgc/schemes/any_scheme.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>

using sgc::invalid_parameter;

TEST_CASE("bad parameters: SR-SGC") {
    CHECK_THROWS_WITH_AS(sgc::sr_sgc<>(8, 2, 6, 7),
                         doctest::Contains("sgc::sr_sgc: B = 2: requires B to divide W - 1 (W = 6)"),
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::sr_sgc<>(8, 2, 2, 3), "sgc::sr_sgc: W = 2: requires W >= B + 1 (B = 2)",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::sr_sgc<>(8, 0, 2, 3), "sgc::sr_sgc: B = 0: requires B >= 1",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::sr_sgc<>(8, 1, 2, 9),
                         "sgc::sr_sgc: lambda = 9: requires 1 <= lambda <= n (n = 8)",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::sr_sgc<>(1, 1, 2, 1), doctest::Contains("n = 1: requires s = "),
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::any_scheme::sr_sgc_type(8, 1, 2, 3, sgc::code_kind::frc),
                         doctest::Contains("requires (s + 1) to divide n"), invalid_parameter);
}

TEST_CASE("bad parameters: M-SGC and GC") {
    CHECK_THROWS_WITH_AS(sgc::m_sgc<>(4, 3, 3, 2), "sgc::m_sgc: W = 3: requires W >= B + 1 (B = 3)",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::m_sgc<>(4, 1, 2, 0),
                         "sgc::m_sgc: lambda = 0: requires 1 <= lambda <= n (n = 4)",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::m_sgc<>(0, 1, 2, 1), "sgc::m_sgc: n = 0: requires n >= 1",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::gc<>(4, 4), doctest::Contains("s = 4: must satisfy s < n"),
                         invalid_parameter);
}

TEST_CASE("master misuse: unknown jobs, a wrong worker count, rounds after the last deadline") {
    auto master = sgc::sr_sgc<>(4, 1, 2, 2).make_master(2);
    CHECK_THROWS_WITH_AS((void)master.status(2), doctest::Contains("job = 2: unknown job"),
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(master.complete_round(sgc::worker_set::all(5)),
                         doctest::Contains("returned.universe() = 5: must be n = 4"),
                         invalid_parameter);
    while (!master.done()) master.complete_round(sgc::worker_set::all(4));
    CHECK_THROWS_WITH_AS(master.complete_round(sgc::worker_set::all(4)),
                         doctest::Contains("round = 3: every job's deadline has passed"),
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::gc<>(4, 1).make_master(0), doctest::Contains("jobs = 0"),
                         invalid_parameter);
}

TEST_CASE("a re-attempt policy must choose exactly the surplus non-returners") {
    const sgc::sr_sgc<> scheme(4, 1, 2, 2);
    auto greedy = scheme.make_master(2, {}, [](const sgc::worker_set& nc, std::size_t) { return nc; });
    CHECK_THROWS_WITH_AS(greedy.complete_round(sgc::worker_set::from_ids(4, {2, 3})),
                         doctest::Contains("reattempt_policy = {0, 1}: must choose 1 workers of {0, 1}"),
                         invalid_parameter);
    // A valid policy of one's own: the highest-index non-returners.
    auto highest = scheme.make_master(2, {}, [](const sgc::worker_set& nc, std::size_t count) {
        sgc::worker_set chosen(nc.universe());
        auto ids = nc.ids();
        for (std::size_t r = 0; r < count; ++r) chosen.insert(ids[ids.size() - 1 - r]);
        return chosen;
    });
    highest.complete_round(sgc::worker_set::from_ids(4, {2, 3}));
    CHECK(highest.assignment()(1, 0).kind == sgc::task_kind::reattempt);
    CHECK(highest.assignment()(0, 0).kind == sgc::task_kind::gc);
}

// A worker gone for good: presumed lost after lost_after seconds, never waited for again, and
// reported; a scheme that tolerates it keeps decoding, one that cannot reports failed jobs
// instead of hanging. A worker heard from again is revived.
#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/transport/in_process.hpp>

#include "runtime_support.hpp"

namespace {

template <class Scheme>
sgc_test::run_result run(const Scheme& scheme, sgc::delay_function delays, std::size_t jobs,
                         sgc::worker_set* lost = nullptr) {
    const sgc_test::lsq_problem problem;
    const std::vector<double> zero(problem.features);
    auto transport = sgc::make_in_process<std::vector<double>>(scheme, problem.batch,
                                                               problem.partial(), zero, delays, {2});
    sgc::master_options options;
    options.policy = sgc::wait_policy::wait_all;
    options.lost_after = 10.0;
    sgc::master m(scheme, transport, jobs, zero, options);
    auto result = sgc_test::drive(m, problem);
    if (lost) *lost = m.lost();
    return result;
}

} // namespace

TEST_CASE("runtime lost: GC tolerates a dead worker") {
    // Worker 2 dies in round 3. Round 3: missing {2} conforms (s = 1): a straggler, 2 s.
    // Round 5: worker 0 also takes 3 s: missing {0, 2} does not conform, wait-all waits; worker 0
    // comes at 3 s, worker 2 never: presumed lost at lost_after = 10 s. Round 6: worker 1 takes
    // 3 s: {1, 2} does not conform, but worker 2 is not waited for: 3 s. Round 7: everyone
    // waited for is in at 1 s, so the round ends there.
    const auto delays = sgc::dead_from(
        [](std::size_t round, std::size_t worker) {
            return (round == 5 && worker == 0) || (round == 6 && worker == 1) ? 3.0 : 1.0;
        },
        2, 3);
    sgc::worker_set lost;
    const auto r = run(sgc::gc<4, 1>{}, delays, 8, &lost);
    CHECK(r.decoded == 8);
    CHECK(r.worst_error <= 1e-12);
    CHECK(r.rounds[3].duration == doctest::Approx(2.0));
    CHECK(r.rounds[3].stragglers == std::vector<std::size_t>{2});
    CHECK(r.rounds[5].duration == doctest::Approx(10.0));
    CHECK(r.rounds[5].stragglers == std::vector<std::size_t>{2});
    CHECK(r.rounds[6].duration == doctest::Approx(3.0));
    CHECK(r.rounds[6].stragglers == std::vector<std::size_t>{2});
    CHECK(r.rounds[7].duration == doctest::Approx(1.0));
    CHECK(r.counters.lost == 1);
    CHECK(lost.ids() == std::vector<std::size_t>{2});
}

TEST_CASE("runtime lost: M-SGC cannot re-assign a dead worker's D1 pieces, and says so") {
    // Worker 1 dies in round 2; its uncoded D1 pieces of jobs 2.. never arrive.
    const auto delays = sgc::dead_from(sgc::constant_delays(1.0), 1, 2);
    const auto r = run(sgc::m_sgc<4, 1, 2, 2>{}, delays, 6);
    CHECK(r.decoded == 2);
    CHECK(r.failed == 4);
    CHECK(r.worst_error <= 1e-12);
    CHECK(r.counters.lost == 1);
    CHECK(r.order == std::vector<std::size_t>{0, 1, 2, 3, 4, 5});
}

TEST_CASE("runtime lost: a worker heard from again is revived") {
    // Worker 3 is silent in rounds 1 and 2 and answers again from round 3. Round 1: missing {3}
    // conforms (s = 1). Round 2: worker 0 takes 3 s, so {0, 3} does not conform and wait-all
    // waits: worker 3 is presumed lost at 10 s. Round 3 ends at 1 s without waiting for it
    // (its result comes last at the same instant), so that result arrives late in round 4 and
    // revives it; from round 4 on it is waited for again.
    const auto delays = [](std::size_t round, std::size_t worker) {
        if (worker == 3 && (round == 1 || round == 2)) return sgc::never_answers;
        return round == 2 && worker == 0 ? 3.0 : 1.0;
    };
    sgc::worker_set lost;
    const auto r = run(sgc::gc<4, 1>{}, delays, 6, &lost);
    CHECK(r.decoded == 6);
    CHECK(r.counters.lost == 1);
    CHECK(r.counters.revived == 1);
    CHECK(lost.empty());
    CHECK(r.rounds[2].duration == doctest::Approx(10.0));
    CHECK(r.rounds[3].stragglers == std::vector<std::size_t>{3});
    CHECK(r.counters.late == 1);
    CHECK(r.rounds[4].stragglers.empty());
    CHECK(r.rounds[5].stragglers.empty());
}

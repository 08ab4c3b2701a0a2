// A faulty network: duplicated, foreign, future, malformed and late messages are counted and
// dropped, and every gradient is still the direct one (a gradient of the wrong length is a
// program error: runtime_wrong_shape.cpp). Times are hand-set on the simulated clock.
#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/transport/in_process.hpp>

#include "runtime_support.hpp"

TEST_CASE("runtime faults: bad messages are counted and never mixed in") {
    const sgc::gc<4, 1> scheme; // groups {0, 1} and {2, 3}
    const sgc_test::lsq_problem problem;
    const std::vector<double> zero(problem.features);
    // Round 0: worker 3 answers at 1.8 s, the rest at 1 s; cut-off 2 s, so round 0 ends at 1.8 s.
    const auto delays = [](std::size_t round, std::size_t worker) {
        return round == 0 && worker == 3 ? 1.8 : 1.0;
    };
    auto transport = sgc::make_in_process<std::vector<double>>(scheme, problem.batch, problem.partial(),
                                                               zero, delays, {1});
    const std::vector<double> garbage(problem.features, 1e6);
    const auto forged = [&](std::size_t worker, std::size_t round, std::vector<double> g) {
        return sgc::result_message<std::vector<double>>{worker, round, {{0, std::move(g)}}};
    };
    transport.deliver({3, 0, {}}, 1.3);                                   // no slots
    transport.deliver(forged(0, 0, garbage), 1.5);                        // worker 0 again
    transport.deliver(forged(7, 0, garbage), 1.5);                        // no worker 7
    transport.deliver(forged(1, 5, garbage), 1.6);                        // round 5 is not on
    transport.deliver(forged(2, 0, garbage), 1.9);                        // round 1 runs by then

    sgc::master m(scheme, transport, 5, zero);
    const auto run = sgc_test::drive(m, problem);
    CHECK(run.decoded == 5);
    CHECK(run.worst_error <= 1e-12);
    CHECK(run.rounds[0].duration == doctest::Approx(1.8));
    CHECK(run.counters.malformed == 1);
    CHECK(run.counters.duplicate == 1);
    CHECK(run.counters.unknown == 2);
    CHECK(run.counters.late == 1);
    CHECK(run.counters.accepted == 5 * 4);
    CHECK(run.counters.stragglers == 0);
}

TEST_CASE("runtime faults: a repetition group's second copy is redundant, not held") {
    const sgc::gc<6, 2> scheme; // uneven repetition: groups of 3, one copy each is kept
    const sgc_test::lsq_problem problem;
    const std::vector<double> zero(problem.features);
    auto transport = sgc::make_in_process<std::vector<double>>(
        scheme, problem.batch, problem.partial(), zero, sgc::constant_delays(1.0), {1});
    sgc::master m(scheme, transport, 4, zero);
    const auto run = sgc_test::drive(m, problem);
    CHECK(run.decoded == 4);
    CHECK(run.worst_error <= 1e-12);
    CHECK(run.counters.redundant == 4 * (6 - 2)); // 6 results a round, 2 groups kept
    CHECK(run.counters.peak_held == 1 + 2);       // the job's buffer and one copy per group
}

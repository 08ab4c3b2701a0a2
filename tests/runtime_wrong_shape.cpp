// Results of the wrong shape are a program error, surfaced at once: the master throws at the
// first result whose gradient length differs from its zero gradient's, naming both lengths,
// instead of dropping every result and presuming every worker lost lost_after seconds later.
#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/transport/in_process.hpp>

#include "runtime_support.hpp"

TEST_CASE("runtime wrong shape: the transport's zero is not the master's") {
    const sgc::gc<4, 1> scheme;
    const sgc_test::lsq_problem problem; // 5 features
    // The workers' partial writes 5 values into a gradient of 6: the transport's zero has 6.
    auto partial = [&](const std::vector<double>& w, std::size_t job, sgc::sample_range r,
                       std::vector<double>& out) {
        std::vector<double> g(problem.features);
        problem.gradient(w, job, r, g);
        std::copy(g.begin(), g.end(), out.begin());
    };
    auto transport = sgc::make_in_process<std::vector<double>>(
        scheme, problem.batch, partial, std::vector<double>(problem.features + 1),
        sgc::constant_delays(1.0), {1});
    sgc::master_options options;
    options.lost_after = 30.0;
    sgc::master m(scheme, transport, 3, std::vector<double>(problem.features), options);
    CHECK_THROWS_WITH_AS(m.run_round(problem.model(0)),
                         "sgc::master: result gradient length = 6 (worker 0, round 0, slot 0): must "
                         "equal d = 5, the length of the master's zero gradient: give the transport "
                         "(its workers' zero gradient, the partial) and the master gradients of one shape",
                         sgc::invalid_parameter);
    // At the first result (1 s), not after lost_after.
    CHECK(transport.now() == doctest::Approx(1.0));
}

TEST_CASE("runtime wrong shape: one forged result of the wrong length, in its own round and slot") {
    const sgc::m_sgc<4, 1, 2, 2> scheme; // two slots per round
    const sgc_test::lsq_problem problem;
    const std::vector<double> zero(problem.features);
    auto transport = sgc::make_in_process<std::vector<double>>(scheme, problem.batch, problem.partial(),
                                                               zero, sgc::constant_delays(1.0), {1});
    sgc::master m(scheme, transport, 4, zero);
    REQUIRE_NOTHROW(m.run_round(problem.model(0)));
    // Worker 2's result for round 1, both slots, the second of length 2: thrown, naming slot 1.
    const auto& a = m.bookkeeping().assignment();
    sgc::result_message<std::vector<double>> forged{2, 1, {}};
    for (std::size_t slot = 0; slot < a.slots(); ++slot)
        if (a(2, slot).kind != sgc::task_kind::idle)
            forged.slots.push_back({slot, std::vector<double>(slot == 1 ? 2 : problem.features)});
    REQUIRE(forged.slots.size() == 2);
    transport.deliver(forged, 1.5);
    CHECK_THROWS_WITH_AS(m.run_round(problem.model(1)),
                         doctest::Contains("result gradient length = 2 (worker 2, round 1, slot 1): must equal d = 5"),
                         sgc::invalid_parameter);
}

TEST_CASE("runtime wrong shape: a late or foreign result of the wrong length is only dropped") {
    const sgc::gc<4, 1> scheme;
    const sgc_test::lsq_problem problem;
    const std::vector<double> zero(problem.features);
    auto transport = sgc::make_in_process<std::vector<double>>(scheme, problem.batch, problem.partial(),
                                                               zero, sgc::constant_delays(1.0), {1});
    using message = sgc::result_message<std::vector<double>>;
    transport.deliver(message{9, 0, {{0, {1.0}}}}, 0.5); // no worker 9: unknown
    transport.deliver(message{1, 7, {{0, {1.0}}}}, 0.5); // a future round: unknown
    sgc::master m(scheme, transport, 2, zero);
    const auto run = sgc_test::drive(m, problem);
    CHECK(run.decoded == 2);
    CHECK(run.counters.unknown == 2);
}

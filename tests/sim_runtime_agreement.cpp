// The simulator and the runtime apply one round rule. A trace replayed by sgc::sim::replay and
// the same trace injected as worker delays into sgc::master (in-process transport, simulated
// clock) give the same round durations, waits and stragglers, round by round, under both wait
// policies; and the master's gradients are exact all along.
#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>
#include <sgc/sim/replay.hpp>
#include <sgc/sim/synthetic.hpp>
#include <sgc/transport/in_process.hpp>

#include "runtime_support.hpp"

namespace {
struct gc_case { static auto make() { return sgc::gc<>(12, 3); } };
struct sr_case { static auto make() { return sgc::sr_sgc<>(12, 2, 3, 4); } };
struct m_case { static auto make() { return sgc::m_sgc<>(12, 1, 3, 4); } };
} // namespace

TEST_CASE_TEMPLATE("sim and runtime agree round by round", Factory, gc_case, sr_case, m_case) {
    const auto scheme = Factory::make();
    constexpr std::size_t jobs = 30;
    sgc::sim::trace_timing timing;
    timing.decimals = 15; // continuous times: no two workers arrive at the same instant
    const sgc_test::lsq_problem problem;
    const std::vector<double> zero(problem.features);
    for (auto policy : {sgc::wait_policy::wait_all, sgc::wait_policy::minimal_wait})
        for (std::uint64_t seed = 0; seed < 6; ++seed) {
            CAPTURE(sgc::to_string(policy));
            CAPTURE(seed);
            const auto trace = sgc::sim::gilbert_elliott_trace(scheme.n(), jobs + scheme.T(), 0.08,
                                                                0.5, timing, seed);
            sgc::sim::replay_options replay;
            replay.mu = 1.0;
            replay.policy = policy;
            const auto simulated = sgc::sim::replay(scheme, trace, jobs, replay);

            auto transport = sgc::make_in_process<std::vector<double>>(
                scheme, problem.batch, problem.partial(), zero,
                [&trace](std::size_t r, std::size_t i) { return trace(r, i); }, {2});
            sgc::master_options options;
            options.mu = 1.0;
            options.policy = policy;
            sgc::master m(scheme, transport, jobs, zero, options);
            const auto run = sgc_test::drive(m, problem);

            REQUIRE(run.rounds.size() == simulated.rounds.size());
            for (std::size_t r = 0; r < run.rounds.size(); ++r) {
                CAPTURE(r);
                CHECK(run.rounds[r].duration == doctest::Approx(simulated.rounds[r].duration).epsilon(1e-12));
                CHECK(run.rounds[r].waited == simulated.rounds[r].waited);
                CHECK(run.rounds[r].stragglers == simulated.rounds[r].stragglers.ids());
            }
            CHECK(run.counters.waits == simulated.waits);
            CHECK(run.decoded == simulated.jobs_decoded);
            CHECK(run.worst_error <= 1e-12);
        }
}

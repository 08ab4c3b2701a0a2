// A delay trace as the in-process transport's straggling (sgc::sim::trace_delays): known
// answers for the shift, the wrap-around and the columns used; bad arguments; and sgc::master
// on the simulated and the paced clock ending every round as sgc::sim::replay does.
#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>
#include <sgc/sim/replay.hpp>
#include <sgc/sim/synthetic.hpp>
#include <sgc/sim/trace_delays.hpp>
#include <sgc/transport/in_process.hpp>

#include "error_support.hpp"
#include "runtime_support.hpp"
#include "sim_support.hpp"

using sgc_test::error_of;

TEST_CASE("trace_delays: the trace's seconds, shifted, wrapped, first n columns") {
    const auto trace = sgc_test::make_trace({{1.0, 2.0, 3.0}, {0.5, 0.25, 4.0}});
    // Load 1/2 on a trace recorded at load 1/4 with c = 2: every entry + 0.5 s.
    const auto delays = sgc::sim::trace_delays(trace, 2, 0.5, {0.25, 2.0});
    CHECK(delays(0, 0) == 1.5);
    CHECK(delays(0, 1) == 2.5);
    CHECK(delays(1, 0) == 1.0);
    CHECK(delays(1, 1) == 0.75);
    CHECK(delays(2, 1) == 2.5); // round 2 wraps to row 0
    CHECK(delays(5, 0) == 1.0); // round 5 to row 1
    // A lower load than the trace's shifts down, floored at 0 as the simulator does.
    const auto lower = sgc::sim::trace_delays(trace, 3, 0.0, {0.25, 2.0});
    CHECK(lower(1, 1) == 0.0);
    CHECK(lower(1, 2) == 3.5);
    // No shift: the entries as they are.
    const auto plain = sgc::sim::trace_delays(trace, 3, 0.75);
    CHECK(plain(1, 2) == 4.0);
}

TEST_CASE("trace_delays bad input: too few workers, bad load, bad shift") {
    const auto trace = sgc_test::make_trace({{1.0, 2.0, 3.0}});
    const auto narrow = error_of([&] { sgc::sim::trace_delays(trace, 4, 0.25); });
    CHECK(narrow.parameter() == "n");
    CHECK(narrow.value() == "4");
    CHECK(std::string(narrow.what()) ==
          "sgc::sim::trace_delays: n = 4: the trace has 3 workers (columns), fewer than the n = 4 "
          "workers to delay");
    CHECK(error_of([&] { sgc::sim::trace_delays(trace, 0, 0.25); }).parameter() == "n");
    CHECK(error_of([&] { sgc::sim::trace_delays(sgc::sim::delay_trace(3), 3, 0.25); }).parameter() ==
          "trace.rounds()");
    CHECK(error_of([&] { sgc::sim::trace_delays(trace, 3, -0.25); }).value() == "-0.25");
    CHECK(error_of([&] {
              sgc::sim::trace_delays(trace, 3, std::numeric_limits<double>::infinity());
          }).parameter() == "load");
    CHECK(error_of([&] { sgc::sim::trace_delays(trace, 3, 0.25, {-1.0, 2.0}); }).parameter() ==
          "trace_load");
    CHECK(error_of([&] { sgc::sim::trace_delays(trace, 3, 0.25, {0.25, -2.0}); }).parameter() ==
          "seconds_per_load");
}

namespace {
struct gc_case { static auto make() { return sgc::gc<>(12, 3); } };
struct sr_case { static auto make() { return sgc::sr_sgc<>(12, 2, 3, 4); } };
struct m_case { static auto make() { return sgc::m_sgc<>(12, 2, 3, 3); } };
} // namespace

// A trace recorded at load 1/12 and replayed at the scheme's load, with 6-decimal times as
// `sgc trace` writes them; on the paced clock (scaled down to 0.2 ms per trace second) the run
// also takes at least its scaled duration in wall time.
TEST_CASE_TEMPLATE("trace_delays: the master ends every round as the simulator does", Factory,
                   gc_case, sr_case, m_case) {
    const auto scheme = Factory::make();
    constexpr std::size_t jobs = 24;
    const sgc::sim::load_shift shift{1.0 / 12, 2.2};
    const sgc_test::lsq_problem problem;
    const std::vector<double> zero(problem.features);
    for (auto clock : {sgc::clock_kind::simulated, sgc::clock_kind::paced})
        for (auto policy : {sgc::wait_policy::wait_all, sgc::wait_policy::minimal_wait})
            for (std::uint64_t seed = 0; seed < 3; ++seed) {
                CAPTURE(clock == sgc::clock_kind::paced);
                CAPTURE(sgc::to_string(policy));
                CAPTURE(seed);
                const auto trace = sgc::sim::gilbert_elliott_trace(scheme.n(), jobs + scheme.T(),
                                                                    0.1, 0.5, {}, seed);
                sgc::sim::replay_options replay;
                replay.policy = policy;
                replay.shift = shift;
                const auto simulated = sgc::sim::replay(scheme, trace, jobs, replay);

                constexpr double time_scale = 2e-4;
                auto transport = sgc::make_in_process<std::vector<double>>(
                    scheme, problem.batch, problem.partial(), zero,
                    sgc::sim::trace_delays(trace, scheme.n(), scheme.load().value(), shift),
                    {2, clock, time_scale});
                sgc::master_options options;
                options.policy = policy;
                sgc::master m(scheme, transport, jobs, zero, options);
                const auto start = std::chrono::steady_clock::now();
                const auto run = sgc_test::drive(m, problem);
                const double wall =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

                REQUIRE(run.rounds.size() == simulated.rounds.size());
                for (std::size_t r = 0; r < run.rounds.size(); ++r) {
                    CAPTURE(r);
                    CHECK(run.rounds[r].duration ==
                          doctest::Approx(simulated.rounds[r].duration).epsilon(1e-12));
                    CHECK(run.rounds[r].waited == simulated.rounds[r].waited);
                    CHECK(run.rounds[r].stragglers == simulated.rounds[r].stragglers.ids());
                }
                CHECK(run.decoded == jobs);
                CHECK(run.worst_error <= 1e-12);
                // A lower bound only: sleeping never ends early.
                if (clock == sgc::clock_kind::paced)
                    CHECK(wall >= simulated.total_runtime * time_scale * (1 - 1e-9));
            }
}

TEST_CASE("in-process transport bad input: the time scale is finite and >= 0") {
    const auto scheme = sgc::gc<>(4, 1);
    const sgc_test::lsq_problem problem;
    const std::vector<double> zero(problem.features);
    for (double bad : {-1.0, std::numeric_limits<double>::infinity(),
                       std::numeric_limits<double>::quiet_NaN()}) {
        const auto e = error_of([&] {
            (void)sgc::make_in_process<std::vector<double>>(scheme, problem.batch, problem.partial(), zero,
                                                      sgc::constant_delays(1.0),
                                                      {1, sgc::clock_kind::paced, bad});
        });
        CHECK(e.parameter() == "time_scale");
        CHECK(e.rule() == "must be a finite number >= 0");
    }
}

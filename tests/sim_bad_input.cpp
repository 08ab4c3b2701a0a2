// Bad replay and tuner arguments: invalid_parameter naming the parameter and its value.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <type_traits>

#include <sgc/core/error.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/sim/replay.hpp>
#include <sgc/sim/tuner.hpp>

#include "sim_support.hpp"

#include "error_support.hpp"

namespace {

using sgc_test::error_of;

const auto trace4 = sgc_test::make_trace({{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}});

} // namespace

TEST_CASE("sim bad input: the trace must match the scheme and be long enough") {
    const auto wrong_n = error_of([] { (void)sgc::sim::replay(sgc::gc<>(5, 1), trace4, 1); });
    CHECK(wrong_n.parameter() == "trace.n()");
    CHECK(wrong_n.value() == "4");
    // M-SGC (1, 3, 2) has T = 2: 2 jobs need 4 rounds, the trace has 3.
    const auto short_trace = error_of([] { (void)sgc::sim::replay(sgc::m_sgc<>(4, 1, 3, 2), trace4, 2); });
    CHECK(short_trace.parameter() == "jobs");
    CHECK(short_trace.value() == "2");
    CHECK(short_trace.rule() == "jobs + T = 4 rounds are needed, the trace has 3");
    CHECK(error_of([] { (void)sgc::sim::replay(sgc::gc<>(4, 1), trace4, 0); }).parameter() == "jobs");
    CHECK_NOTHROW(sgc::sim::replay(sgc::m_sgc<>(4, 1, 3, 2), trace4, 1));
}

TEST_CASE("sim bad input: mu and the load shift") {
    sgc::sim::replay_options o;
    o.mu = -0.5;
    auto e = error_of([&] { (void)sgc::sim::replay(sgc::gc<>(4, 1), trace4, 1, o); });
    CHECK(std::string(e.what()) == "sgc::sim::replay: mu = -0.5: must be a finite number >= 0");
    o.mu = std::numeric_limits<double>::quiet_NaN();
    CHECK(error_of([&] { (void)sgc::sim::replay(sgc::gc<>(4, 1), trace4, 1, o); }).parameter() == "mu");
    o.mu = 1;
    o.shift = {-0.25, 1};
    e = error_of([&] { (void)sgc::sim::replay(sgc::gc<>(4, 1), trace4, 1, o); });
    CHECK(e.parameter() == "trace_load");
    CHECK(e.value() == "-0.25");
    o.shift = {0.25, -2};
    CHECK(error_of([&] { (void)sgc::sim::replay(sgc::gc<>(4, 1), trace4, 1, o); }).parameter() ==
          "seconds_per_load");
}

TEST_CASE("sim bad input: tuner options") {
    sgc::sim::tune_options o;
    o.jobs = 0;
    o.max_delay = 1;
    CHECK(error_of([&] { (void)sgc::sim::tune(trace4, o); }).parameter() == "jobs");
    // 2 jobs with T up to 2 (M-SGC (1, 3, lambda)) need 4 rounds; the trace has 3.
    o.jobs = 2;
    o.max_delay = 2;
    const auto e = error_of([&] { (void)sgc::sim::tune(trace4, o); });
    CHECK(e.parameter() == "jobs");
    CHECK(e.rule() == "jobs + T = 4 rounds are needed for T up to 2, the trace has 3");
    // GC alone has T = 0: all 3 rounds can be jobs.
    o.jobs = 3;
    o.schemes = {sgc::sim::scheme_kind::gc};
    CHECK(sgc::sim::tune(trace4, o).schemes.at(0).found);
    o.replay.mu = -1;
    CHECK(error_of([&] { (void)sgc::sim::tune(trace4, o); }).parameter() == "mu");
}

TEST_CASE("sim bad input: names of schemes, and the runtime's policies") {
    // The simulator's policies are the runtime's, so a simulated choice drives sgc::master.
    static_assert(std::is_same_v<sgc::sim::wait_policy, sgc::wait_policy>);
    CHECK(sgc::sim::replay_options{}.policy == sgc::wait_policy::wait_all);
    CHECK(sgc::sim::parse_scheme_kind("sr-sgc") == sgc::sim::scheme_kind::sr_sgc);
    CHECK_FALSE(sgc::sim::parse_scheme_kind("m_sgc").has_value());
    // A spec that breaks a scheme's rule is the scheme's own error.
    const sgc::sim::scheme_spec bad{sgc::sim::scheme_kind::sr_sgc, 8, 0, 2, 6, 7};
    const auto e = error_of([&] { (void)sgc::any_scheme::make(bad, sgc::code_kind::uneven); });
    CHECK(e.parameter() == "B");
}

// A worker that never answered (the trace's -1): a straggler with unbounded time. A round that
// can record it as a straggler ends at its cut-off; a round that must wait for it fails, and
// the replay, the tuner and the totals report it. Totals a double cannot hold are errors.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <sgc/codes/cyclic_repetition.hpp>
#include <sgc/core/error.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/sim/replay.hpp>
#include <sgc/sim/trace.hpp>
#include <sgc/sim/tuner.hpp>

#include "error_support.hpp"
#include "sim_support.hpp"

namespace {

namespace sim = sgc::sim;
using sgc_test::ids;

sim::delay_trace case_trace(const char* name, const sim::trace_format& format = {}) {
    return sim::load_trace(std::string(SGC_TEST_CASES_DIR) + "/" + name, format);
}

} // namespace

TEST_CASE("no answer: GC with s = 1 records the silent worker as a straggler and decodes every job") {
    for (const auto& trace : {case_trace("not_received_minus1.csv")}) {
        const auto r = sim::replay(sgc::gc<>(3, 1), trace, 3);
        CHECK_FALSE(r.failed_round.has_value());
        CHECK(r.jobs_decoded == 3);
        REQUIRE(r.rounds.size() == 3);
        // Round 0: fastest 0.98, cut-off 1.96; worker 2 never arrives and is recorded.
        CHECK(r.rounds[0].duration == doctest::Approx(1.96));
        CHECK(ids(r.rounds[0].stragglers) == ids({2}));
        CHECK(ids(r.rounds[0].silent) == ids({2}));
        CHECK(r.rounds[1].duration == doctest::Approx(1.01));
        CHECK(r.rounds[1].silent.empty());
        // Round 2: fastest 1.01, cut-off 2.02; worker 1 is silent.
        CHECK(r.rounds[2].duration == doctest::Approx(2.02));
        CHECK(ids(r.rounds[2].stragglers) == ids({1}));
        CHECK(r.total_runtime == doctest::Approx(4.99));
        for (const auto& j : r.jobs) CHECK(j.state == sgc::job_state::decodable);
    }
}

TEST_CASE("no answer: every spelling of the marker replays alike") {
    sim::trace_format empty, inf;
    empty.missing = {""};
    inf.missing = {"inf"};
    const auto a = sim::replay(sgc::gc<>(3, 1), case_trace("never_empty.csv", empty), 3);
    const auto b = sim::replay(sgc::gc<>(3, 1), case_trace("never_inf.csv", inf), 3);
    CHECK(a.total_runtime == b.total_runtime);
    // Worker 2 took 2.5 s in the plain trace and is a straggler there too: the same replay.
    const auto plain = sim::replay(sgc::gc<>(3, 1), case_trace("plain_trace.csv"), 3);
    CHECK(a.total_runtime == plain.total_runtime);
    CHECK(a.total_runtime == doctest::Approx(4.00));
    CHECK(ids(a.rounds[0].stragglers) == ids(plain.rounds[0].stragglers));
}

TEST_CASE("no answer: a round that must wait for a silent worker fails, and the replay stops there") {
    const auto trace = case_trace("not_received_minus1.csv");
    for (auto policy : {sim::wait_policy::wait_all, sim::wait_policy::minimal_wait}) {
        CAPTURE(policy);
        sim::replay_options o;
        o.policy = policy;
        // No coding (s = 0): worker 2 cannot be recorded in round 0.
        const auto r = sim::replay(sgc::gc<>(3, 0), trace, 3, o);
        REQUIRE(r.failed_round.has_value());
        CHECK(*r.failed_round == 0);
        CHECK(r.total_runtime == 0.0);
        CHECK(r.jobs_decoded == 0);
        REQUIRE(r.rounds.size() == 1);
        CHECK(r.rounds[0].failed);
        CHECK(std::isinf(r.rounds[0].duration));
        CHECK(ids(r.rounds[0].silent) == ids({2}));
        for (const auto& j : r.jobs) CHECK(j.state == sgc::job_state::pending);
    }
    // Two silent workers in one round are more than s = 1: round 1 fails after round 0 is paid.
    sim::delay_trace silent2(3);
    silent2.push_round({1, 1, 1});
    silent2.push_round({1, 1, 1}, sgc::worker_set::from_ids(3, {0, 2}));
    const auto r = sim::replay(sgc::gc<>(3, 1), silent2, 2);
    CHECK(r.failed_round == std::optional<std::size_t>(1));
    CHECK(r.total_runtime == 1.0);
    CHECK(r.jobs_decoded == 1);
    CHECK(r.jobs[0].decoded);
    CHECK(r.jobs[1].state == sgc::job_state::pending);
}

TEST_CASE("no answer: a model with memory absorbs a silent worker once, not twice in a row") {
    // M-SGC (B = 1, W = 2, lambda = 1): one straggler per window of 2 rounds. Worker 0 silent in
    // rounds 0 and 1: round 0 records it, round 1 cannot (a second straggling round in the
    // window) and fails.
    sim::delay_trace trace(4);
    const auto silent0 = sgc::worker_set::from_ids(4, {0});
    for (int r = 0; r < 2; ++r) trace.push_round({1, 1, 1, 1}, silent0);
    for (int r = 0; r < 4; ++r) trace.push_round({1, 1, 1, 1});
    const auto result = sim::replay(sgc::m_sgc<>(4, 1, 2, 1), trace, 3);
    REQUIRE(result.failed_round.has_value());
    CHECK(*result.failed_round == 1);
    CHECK(ids(result.rounds[0].stragglers) == ids({0}));
    // Silent once: absorbed, every job decodes.
    sim::delay_trace once(4);
    once.push_round({1, 1, 1, 1}, silent0);
    for (int r = 0; r < 5; ++r) once.push_round({1, 1, 1, 1});
    const auto fine = sim::replay(sgc::m_sgc<>(4, 1, 2, 1), once, 3);
    CHECK_FALSE(fine.failed_round.has_value());
    CHECK(fine.jobs_decoded == 3);
}

TEST_CASE("no answer: the tuner skips parameter sets with a failed round and counts them") {
    const auto trace = case_trace("not_received_minus1.csv");
    sim::tune_options o;
    o.jobs = 3;
    o.max_delay = 0;
    o.schemes = {sim::scheme_kind::none, sim::scheme_kind::gc};
    const auto result = sim::tune(trace, o);
    REQUIRE(result.schemes.size() == 2);
    CHECK_FALSE(result.schemes[0].found); // none waits for everyone: round 0 fails
    CHECK(result.schemes[0].failed == 1);
    CHECK(result.schemes[1].found); // gc: s = 0 fails, s = 1 and s = 2 decode
    CHECK(result.schemes[1].failed == 1);
    CHECK(result.schemes[1].best.s >= 1);
}

TEST_CASE("totals: a runtime or shift a double cannot hold is an error, never infinity") {
    const auto huge = sgc_test::make_trace({{1e308, 1e308}, {1e308, 1e308}});
    const auto e = sgc_test::error_of([&] { (void)sim::replay(sgc::gc<>(2, 1), huge, 2); });
    CHECK(e.parameter() == "trace");
    CHECK(std::string(e.what()) ==
          "sgc::sim::replay: trace = times up to 1e+308: the total runtime overflows a double at "
          "round 1: times this large cannot be added up");
    // One such round is fine.
    CHECK(sim::replay(sgc::gc<>(2, 1), huge, 1).total_runtime == 1e308);
    // A shift that overflows with the trace's times.
    sim::replay_options o;
    o.shift = {0.0, 1e308};
    const auto shift = sgc_test::error_of([&] { (void)sim::replay(sgc::gc<>(2, 1), huge, 1, o); });
    CHECK(shift.parameter() == "seconds_per_load");
    // The tuner refuses before searching.
    sim::tune_options t;
    t.jobs = 2;
    t.max_delay = 0;
    CHECK(sgc_test::error_of([&] { (void)sim::tune(huge, t); }).parameter() == "trace");
}

TEST_CASE("jobs that do not decode carry the master's reason") {
    // A guard with no tolerance refuses the cyclic code's plans: every job is unreliable.
    const auto trace = sgc_test::make_trace({{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1}});
    sim::replay_options o;
    o.decode.tolerance = 0.0;
    o.decode.unit_roundoff = 1.0;
    const auto r = sim::replay(sgc::gc<sgc::dynamic, sgc::dynamic, sgc::cyclic_repetition>(6, 2), trace, 2, o);
    CHECK(r.jobs_decoded == 0);
    for (const auto& j : r.jobs) {
        CHECK(j.state == sgc::job_state::failed);
        CHECK(j.reason == sgc::decode_status::unreliable);
    }
    // Decoded jobs: state decodable, reason ok.
    const auto fine = sim::replay(sgc::gc<>(6, 2), trace, 2);
    CHECK(fine.jobs[1].state == sgc::job_state::decodable);
    CHECK(fine.jobs[1].reason == sgc::decode_status::ok);
}

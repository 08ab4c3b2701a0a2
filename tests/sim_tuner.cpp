// The tuner: its search space (counted by hand), its answer (against a brute-force search
// written here), and independence from threads and early abandon.
#include <doctest/doctest.h>

#include <cstddef>
#include <limits>
#include <vector>

#include <sgc/sim/replay.hpp>
#include <sgc/sim/synthetic.hpp>
#include <sgc/sim/tuner.hpp>

#include "sim_support.hpp"

using sgc::sim::scheme_kind;

TEST_CASE("sim tuner: search space sizes") {
    using sgc::sim::search_space;
    // n = 6, T <= 2, SR-SGC's W <= 5.
    CHECK(search_space(scheme_kind::none, 6, 2, 5).size() == 1);
    CHECK(search_space(scheme_kind::gc, 6, 2, 5).size() == 6); // s = 0..5
    // SR-SGC: B = 1: W = 2, 3, 4, 5; B = 2: W = 3, 5 (2 | W - 1). 6 windows x 6 lambdas; every
    // s = ceil(B lambda / (W - 1 + B)) <= ceil(6 / 2) = 3 < 6.
    CHECK(search_space(scheme_kind::sr_sgc, 6, 2, 5).size() == 36);
    // M-SGC: T = W - 2 + B <= 2: (B, W) = (1, 2), (1, 3); (2, 3) has T = 3. 2 x 6 lambdas.
    CHECK(search_space(scheme_kind::m_sgc, 6, 2, 5).size() == 12);
    // frc needs (s + 1) | 6: s = 0, 1, 2, 5.
    CHECK(search_space(scheme_kind::gc, 6, 2, 5, sgc::code_kind::frc).size() == 4);
    // n = 256, T <= 4: M-SGC (B, W) = (1, 2..5), (2, 3), (2, 4): 6 x 256 = 1536 tuples.
    CHECK(search_space(scheme_kind::m_sgc, 256, 4, 9).size() == 1536);
    // Every tuple is valid and within the delay bound.
    for (auto kind : {scheme_kind::gc, scheme_kind::sr_sgc, scheme_kind::m_sgc})
        for (const auto& spec : search_space(kind, 10, 3, 7)) {
            CAPTURE(spec.to_string());
            CHECK(spec.T() <= 3);
            CHECK(spec.W <= 7);
            CHECK_NOTHROW(sgc::any_scheme::make(spec, sgc::code_kind::uneven)
                              .visit([&](const auto& s) { CHECK(s.T() == spec.T()); }));
        }
}

TEST_CASE("sim tuner: a hand-computed GC choice under a load shift") {
    // n = 4, J = 3: one straggler per round at 3 s, the others at 1 s (cut-off 2 s).
    // Uneven repetition loads: s = 0: 1/4, s = 1: 1/2 (2 groups), s = 2, 3: 1 (1 group).
    // Shift (L - 1/4) * 0.4: s = 0: 0, each round waits 3 s -> 9.
    //                        s = 1: +0.1, each round ends at the cut-off 2.2 s -> 6.6.
    //                        s = 2, 3: +0.3, 2.6 s a round -> 7.8.
    const auto trace = sgc_test::make_trace({{3, 1, 1, 1}, {1, 3, 1, 1}, {1, 1, 3, 1}});
    sgc::sim::tune_options o;
    o.jobs = 3;
    o.max_delay = 0;
    o.schemes = {scheme_kind::none, scheme_kind::gc, scheme_kind::sr_sgc};
    o.replay.shift = {0.25, 0.4};
    const auto result = sgc::sim::tune(trace, o);
    REQUIRE(result.schemes.size() == 3);
    CHECK(result.schemes[0].best.kind == scheme_kind::none);
    CHECK(result.schemes[0].total_runtime == doctest::Approx(9));
    CHECK(result.schemes[0].waits == 3);
    CHECK(result.schemes[1].best.s == 1);
    CHECK(result.schemes[1].total_runtime == doctest::Approx(6.6));
    CHECK(result.schemes[1].waits == 0);
    CHECK(result.schemes[1].load == sgc::rational(1, 2));
    CHECK(result.schemes[1].searched == 4);
    CHECK_FALSE(result.schemes[2].found); // SR-SGC has T = B >= 1 > max_delay
    CHECK(result.schemes[2].searched == 0);
}

namespace {

// The brute force: every tuple replayed in full, the first of the fastest kept.
sgc::sim::tuned_scheme brute_force(const sgc::sim::delay_trace& trace, scheme_kind kind,
                                   const sgc::sim::tune_options& o) {
    sgc::sim::tuned_scheme best;
    const sgc::sim::replay_options& ro = o.replay;
    for (const auto& spec : sgc::sim::search_space(kind, trace.n(), o.max_delay, 2 * o.max_delay + 1)) {
        const auto r = sgc::any_scheme::make(spec, o.code).visit([&](const auto& s) {
            return sgc::sim::replay(s, trace, o.jobs, ro);
        });
        REQUIRE(r.jobs_decoded == o.jobs);
        if (r.total_runtime < best.total_runtime) {
            best.found = true;
            best.best = spec;
            best.total_runtime = r.total_runtime;
            best.waits = r.waits;
        }
    }
    return best;
}

} // namespace

TEST_CASE("sim tuner: the best tuples of a brute-force search, whatever the threads") {
    sgc::sim::trace_timing timing;
    timing.load = 0.1;
    const auto trace = sgc::sim::gilbert_elliott_trace(10, 30, 0.1, 0.4, timing, 5);
    for (auto policy : {sgc::sim::wait_policy::wait_all, sgc::sim::wait_policy::minimal_wait}) {
        sgc::sim::tune_options o;
        o.jobs = 26;
        o.max_delay = 3;
        o.replay.policy = policy;
        o.replay.shift = {0.1, 2.2};
        std::vector<sgc::sim::tuned_scheme> expected;
        for (auto kind : o.schemes) expected.push_back(brute_force(trace, kind, o));
        for (unsigned threads : {1u, 2u, 3u})
            for (bool abandon : {true, false}) {
                CAPTURE(sgc::to_string(policy));
                CAPTURE(threads);
                CAPTURE(abandon);
                o.threads = threads;
                o.early_abandon = abandon;
                const auto result = sgc::sim::tune(trace, o);
                REQUIRE(result.schemes.size() == 4);
                for (std::size_t k = 0; k < 4; ++k) {
                    CAPTURE(expected[k].best.to_string());
                    CHECK(result.schemes[k].found);
                    CHECK(result.schemes[k].best == expected[k].best);
                    CHECK(result.schemes[k].total_runtime == expected[k].total_runtime);
                    CHECK(result.schemes[k].waits == expected[k].waits);
                    CHECK(result.schemes[k].failed == 0);
                    if (!abandon) CHECK(result.schemes[k].abandoned == 0);
                }
            }
    }
}

TEST_CASE("sim tuner: progress reports every tuple once, ending at the total") {
    const auto trace = sgc::sim::bernoulli_trace(6, 10, 0.1, {}, 2);
    sgc::sim::tune_options o;
    o.jobs = 8;
    o.max_delay = 2;
    o.threads = 2;
    std::vector<std::size_t> seen;
    std::size_t total = 0;
    o.progress = [&](std::size_t done, std::size_t all) {
        seen.push_back(done);
        total = all;
    };
    const auto result = sgc::sim::tune(trace, o);
    // 1 + 6 + 36 + 12 tuples (see the search space sizes).
    CHECK(total == 55);
    REQUIRE(seen.size() == 55);
    for (std::size_t k = 0; k < seen.size(); ++k) CHECK(seen[k] == k + 1);
    std::size_t searched = 0;
    for (const auto& s : result.schemes) searched += s.searched;
    CHECK(searched == 55);
}

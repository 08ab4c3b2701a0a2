// Hand-computed replays of tiny traces: durations, waits, stragglers and completion rounds for
// every scheme under both policies. mu = 1 throughout, so a round's cut-off is 2 d_min.
#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

#include <sgc/schemes/any_scheme.hpp>
#include <sgc/codes/cyclic_repetition.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>
#include <sgc/sim/replay.hpp>

#include "sim_support.hpp"

using sgc::sim::wait_policy;
using sgc_test::ids;

namespace {

sgc::sim::replay_options with(wait_policy policy) {
    sgc::sim::replay_options o;
    o.mu = 1.0;
    o.policy = policy;
    return o;
}

struct expected_round {
    double duration;
    bool waited;
    std::vector<std::size_t> stragglers;
};

void check_rounds(const sgc::sim::replay_result& result, const std::vector<expected_round>& want) {
    REQUIRE(result.rounds.size() == want.size());
    double total = 0;
    std::size_t waits = 0;
    for (std::size_t r = 0; r < want.size(); ++r) {
        CAPTURE(r);
        CHECK(result.rounds[r].round == r);
        CHECK(result.rounds[r].duration == doctest::Approx(want[r].duration));
        CHECK(result.rounds[r].waited == want[r].waited);
        CHECK(ids(result.rounds[r].stragglers) == want[r].stragglers);
        total += want[r].duration;
        waits += want[r].waited ? 1 : 0;
    }
    CHECK(result.total_runtime == doctest::Approx(total));
    CHECK(result.waits == waits);
}

std::vector<std::size_t> completion_rounds(const sgc::sim::replay_result& result) {
    std::vector<std::size_t> rounds;
    for (const auto& j : result.jobs) {
        CHECK(j.decoded);
        rounds.push_back(j.round);
    }
    return rounds;
}

// GC n = 4, s = 1 (and none, s = 0), J = 3.
const auto gc_trace = sgc_test::make_trace({
    {1, 1.5, 3, 1}, // d_min 1, cut-off 2: candidates {2}
    {1, 2.5, 4, 1}, // candidates {1 (2.5 s), 2 (4 s)}
    {2, 2, 2, 2},   // cut-off 4: no candidates
});

} // namespace

TEST_CASE("sim replay gc: s = 1 under both policies") {
    const sgc::gc<> scheme(4, 1);
    SUBCASE("wait-all") {
        // r0: {2} is 1 <= s straggler: the round ends at the cut-off 2 and records it.
        // r1: {1, 2} is 2 > s: wait for everyone, max = 4, record nobody.
        // r2: nobody beyond 4: the round lasts max = 2.   Total 2 + 4 + 2 = 8, one wait.
        const auto result = sgc::sim::replay(scheme, gc_trace, 3, with(wait_policy::wait_all));
        check_rounds(result, {{2, false, {2}}, {4, true, {}}, {2, false, {}}});
        CHECK(result.total_runtime == 8);
        CHECK(result.jobs_decoded == 3);
        CHECK(completion_rounds(result) == std::vector<std::size_t>{0, 1, 2});
        // Completion times are the cumulative runtime: 2, 2 + 4 = 6, 6 + 2 = 8.
        CHECK(result.jobs[1].time == 6);
        CHECK(result.jobs[2].time == 8);
    }
    SUBCASE("minimal-wait") {
        // r1: past the cut-off, worker 1 arrives at 2.5; the missing {2} is 1 <= s: the round
        // ends at 2.5 and records {2}.   Total 2 + 2.5 + 2 = 6.5, still one wait.
        const auto result = sgc::sim::replay(scheme, gc_trace, 3, with(wait_policy::minimal_wait));
        check_rounds(result, {{2, false, {2}}, {2.5, true, {2}}, {2, false, {}}});
        CHECK(result.total_runtime == 6.5);
    }
}

TEST_CASE("sim replay none: every candidate is waited for") {
    const sgc::any_scheme::gc_type none(4, 0, sgc::code_kind::frc);
    CHECK(none.load() == sgc::rational(1, 4));
    for (auto policy : {wait_policy::wait_all, wait_policy::minimal_wait}) {
        CAPTURE(sgc::to_string(policy));
        // s = 0: any candidate breaks the model. r0 waits for worker 2 (3 s), r1 for worker 2
        // (4 s; under minimal-wait worker 1 at 2.5 s leaves {2} missing, still > 0), r2 has no
        // candidate (2 s).   Total 3 + 4 + 2 = 9, two waits.
        const auto result = sgc::sim::replay(none, gc_trace, 3, with(policy));
        check_rounds(result, {{3, true, {}}, {4, true, {}}, {2, false, {}}});
    }
}

TEST_CASE("sim replay sr-sgc: the worked example of docs/design.md 4.6") {
    // n = 4, (B, W, lambda) = (1, 2, 2): s = ceil(1 * 2 / (2 - 1 + 1)) = 1, T = 1, J = 3.
    // Model: |S_r ∪ S_{r-1}| <= 2 and S_r ∩ S_{r-1} = ∅.
    const sgc::sr_sgc<> scheme(4, 1, 2, 2);
    const auto trace = sgc_test::make_trace({
        {3, 3, 1, 1}, // r0: candidates {0, 1}: 2 distinct, conforms -> 2 s, stragglers {0, 1}
        {1, 1, 1, 1}, // r1: w0 re-attempts job 0 (|NC| - s = 1), w1..w3 job 1 -> 1 s
        {1, 1, 3, 3}, // r2: job 2; NC(job 1) = {0} (busy), no re-attempt. {2, 3} conforms -> 2 s
        {5, 5, 1, 5}, // r3 >= J: only w2 works (re-attempts job 2): d_min = max = 1 -> 1 s
    });
    for (auto policy : {wait_policy::wait_all, wait_policy::minimal_wait}) {
        CAPTURE(sgc::to_string(policy));
        const auto result = sgc::sim::replay(scheme, trace, 3, with(policy));
        // Total 2 + 1 + 2 + 1 = 6.
        check_rounds(result, {{2, false, {0, 1}}, {1, false, {}}, {2, false, {2, 3}}, {1, false, {}}});
        CHECK(ids(result.rounds[3].active) == ids({2}));
        CHECK(result.rounds[1].active.count() == 4);
        // Job 0: {2, 3} in r0 + w0's re-attempt in r1 = 3 = n - s. Job 1: {1, 2, 3} in r1.
        // Job 2: {0, 1} in r2 + w2 in r3.
        CHECK(completion_rounds(result) == std::vector<std::size_t>{1, 1, 3});
    }
}

TEST_CASE("sim replay sr-sgc: a temporally blocked candidate, and a round with no work") {
    // Same scheme, J = 2 (rounds 0..2).
    const sgc::sr_sgc<> scheme(4, 1, 2, 2);
    const auto trace = sgc_test::make_trace({
        {1, 3, 1, 1},   // r0: {1} conforms -> 2 s, stragglers {1}
        {1, 2.5, 1, 4}, // r1: candidates {1, 3}; w1 straggled in r0: S_1 ∩ S_0 ≠ ∅
        {7, 7, 7, 7},   // r2 >= J: a re-attempt only if |NC(job 1)| > s = 1
    });
    SUBCASE("wait-all") {
        // r1 waits for all: max 4. Nobody missed job 1, so r2 has no work: 0 s.
        // Total 2 + 4 + 0 = 6.
        const auto result = sgc::sim::replay(scheme, trace, 2, with(wait_policy::wait_all));
        check_rounds(result, {{2, false, {1}}, {4, true, {}}, {0, false, {}}});
        CHECK(result.rounds[2].active.empty());
    }
    SUBCASE("minimal-wait") {
        // r1: w1 arrives at 2.5; missing {3}: |{3} ∪ {1}| = 2, {3} ∩ {1} = ∅: conforms, the
        // round ends at 2.5. NC(job 1) = {3}: 1 <= s, so r2 has no work either.
        // Total 2 + 2.5 + 0 = 4.5.
        const auto result = sgc::sim::replay(scheme, trace, 2, with(wait_policy::minimal_wait));
        check_rounds(result, {{2, false, {1}}, {2.5, true, {3}}, {0, false, {}}});
        // Job 0 has {0, 2, 3} = n - s results in r0 already, job 1 {0, 1, 2} in r1.
        CHECK(completion_rounds(result) == std::vector<std::size_t>{0, 1});
    }
}

TEST_CASE("sim replay m-sgc: lambda = n, finished workers idle in the adaptive slot") {
    // n = 4, (B, W, lambda) = (1, 2, 4): T = 1, 2 slots, one D1 piece per worker, no D2.
    // Model: S_r ∩ S_{r-1} = ∅ (the spatial limit 4 never binds). J = 2: rounds 0..2.
    const sgc::m_sgc<> scheme(4, 1, 2, 4);
    SUBCASE("both policies agree") {
        const auto trace = sgc_test::make_trace({
            {1, 1, 1, 4},    // r0: slot 0 = job 0 for all; {3} conforms -> 2 s
            {1, 1, 3, 1.5},  // r1: job 1; w3 re-does job 0's piece; {2} conforms -> 2 s
            {9, 9, 1.25, 9}, // r2: only w2 (re-does job 1's piece) works -> 1.25 s
        });
        for (auto policy : {wait_policy::wait_all, wait_policy::minimal_wait}) {
            const auto result = sgc::sim::replay(scheme, trace, 2, with(policy));
            // Total 2 + 2 + 1.25 = 5.25.
            check_rounds(result, {{2, false, {3}}, {2, false, {2}}, {1.25, false, {}}});
            CHECK(ids(result.rounds[2].active) == ids({2}));
            CHECK(completion_rounds(result) == std::vector<std::size_t>{1, 2});
        }
    }
    SUBCASE("minimal-wait can be slower than wait-all") {
        const auto trace = sgc_test::make_trace({
            {1, 1, 1, 4},    // r0: {3} -> 2 s
            {1, 4, 1, 2.5},  // r1: candidates {1 (4 s), 3 (2.5 s)}: w3 straggled in r0
            {9, 1.75, 9, 9}, // r2
        });
        // wait-all: r1 lasts 4 s recording nobody; then every piece of job 1 is in and r2 has
        // no work: 2 + 4 + 0 = 6.
        const auto all = sgc::sim::replay(scheme, trace, 2, with(wait_policy::wait_all));
        check_rounds(all, {{2, false, {3}}, {4, true, {}}, {0, false, {}}});
        // minimal-wait: w3 arrives at 2.5, missing {1} conforms ({1} ∩ {3} = ∅): r1 ends at
        // 2.5 recording {1}, who re-does job 1's piece alone in r2 (1.75 s): 2 + 2.5 + 1.75.
        const auto minimal = sgc::sim::replay(scheme, trace, 2, with(wait_policy::minimal_wait));
        check_rounds(minimal, {{2, false, {3}}, {2.5, true, {1}}, {1.75, false, {}}});
        CHECK(minimal.total_runtime == 6.25);
    }
}

TEST_CASE("sim replay m-sgc: the worked example of docs/design.md 4.5, with D2 groups") {
    // n = 4, (B, W, lambda) = (2, 3, 2): T = 3, 4 slots, J = 3: rounds 0..5, everyone always
    // has work. Model: |S_r ∪ S_{r-1} ∪ S_{r-2}| <= 2 and S_r ∩ S_{r-2} = ∅.
    const sgc::m_sgc<> scheme(4, 2, 3, 2);
    const auto trace = sgc_test::make_trace({
        {1, 1, 1, 1},      // r0: 1 s
        {3, 1, 1, 1},      // r1: {0} conforms -> 2 s
        {3, 3.5, 2.5, 1},  // r2: candidates {0, 1, 2}: 3 distinct > lambda = 2
        {1, 1, 1, 1},      // r3..r5: 1 s each
        {1, 1, 1, 1},
        {1, 1, 1, 1},
    });
    SUBCASE("wait-all") {
        // r2 waits for w1: 3.5 s. Total 1 + 2 + 3.5 + 1 + 1 + 1 = 9.5.
        const auto result = sgc::sim::replay(scheme, trace, 3, with(wait_policy::wait_all));
        check_rounds(result, {{1, false, {}}, {2, false, {0}}, {3.5, true, {}}, {1, false, {}},
                              {1, false, {}}, {1, false, {}}});
        // The last D2 group of job t is computed in round t + T: jobs decode at 3, 4, 5.
        CHECK(completion_rounds(result) == std::vector<std::size_t>{3, 4, 5});
    }
    SUBCASE("minimal-wait") {
        // r2: w2 arrives at 2.5; missing {0, 1}: |{0, 1} ∪ {0}| = 2, {0, 1} ∩ S_0 = ∅: conforms,
        // which is the worked example's pattern (w0 in r1, r2; w1 in r2).
        // Total 1 + 2 + 2.5 + 1 + 1 + 1 = 8.5.
        const auto result = sgc::sim::replay(scheme, trace, 3, with(wait_policy::minimal_wait));
        check_rounds(result, {{1, false, {}}, {2, false, {0}}, {2.5, true, {0, 1}}, {1, false, {}},
                              {1, false, {}}, {1, false, {}}});
        CHECK(completion_rounds(result) == std::vector<std::size_t>{3, 4, 5});
        CHECK(result.jobs[0].time == 6.5); // the end of r3: 1 + 2 + 2.5 + 1
    }
}

TEST_CASE("sim replay: mu sets the cut-off") {
    const sgc::gc<> scheme(4, 1);
    const auto trace = sgc_test::make_trace({{1, 1.5, 3, 1}});
    sgc::sim::replay_options o;
    // mu = 0.25: cut-off 1.25, candidates {1, 2}: 2 > s, wait for all: 3 s.
    o.mu = 0.25;
    check_rounds(sgc::sim::replay(scheme, trace, 1, o), {{3, true, {}}});
    // mu = 0: cut-off 1 = d_min; minimal-wait ends when w1 arrives (1.5 s) leaving {2}.
    o.mu = 0;
    o.policy = wait_policy::minimal_wait;
    check_rounds(sgc::sim::replay(scheme, trace, 1, o), {{1.5, true, {2}}});
    // mu = 2: cut-off 3, and 3 is not slower than 3: no candidates, the round lasts 3 s.
    o.mu = 2;
    check_rounds(sgc::sim::replay(scheme, trace, 1, o), {{3, false, {}}});
}

TEST_CASE("sim replay: load shift (L - L0) c") {
    // gc(4, 1) with uneven repetition: 2 groups, load 1/2.
    const sgc::gc<> scheme(4, 1);
    REQUIRE(scheme.load() == sgc::rational(1, 2));
    const auto trace = sgc_test::make_trace({{1, 1.5, 3, 1}});
    sgc::sim::replay_options o;
    SUBCASE("up") {
        // L0 = 1/4, c = 2: +0.5 s: {1.5, 2, 3.5, 1.5}; cut-off 3, candidates {2} -> 3 s.
        o.shift = {0.25, 2.0};
        const auto result = sgc::sim::replay(scheme, trace, 1, o);
        check_rounds(result, {{3, false, {2}}});
        CHECK(result.load == 0.5);
    }
    SUBCASE("down, clamped at 0") {
        // L0 = 1, c = 2: -1 s: {0, 0.5, 2, 0}; cut-off 0, candidates {1, 2}: 2 > s: 2 s.
        o.shift = {1.0, 2.0};
        check_rounds(sgc::sim::replay(scheme, trace, 1, o), {{2, true, {}}});
    }
}

TEST_CASE("sim replay: abandon_above stops once the runtime exceeds it") {
    const sgc::gc<> scheme(4, 1);
    sgc::sim::replay_options o;
    o.abandon_above = 5; // after r0 (2 s) and r1 (2 + 4 = 6 s > 5)
    const auto result = sgc::sim::replay(scheme, gc_trace, 3, o);
    CHECK(result.abandoned);
    CHECK(result.rounds.size() == 2);
    CHECK(result.total_runtime == 6);
    o.abandon_above = 8; // the full runtime is 8, not above it
    CHECK_FALSE(sgc::sim::replay(scheme, gc_trace, 3, o).abandoned);
}

TEST_CASE("sim replay: a job whose plans fail the numerical guard is reported, not decoded") {
    // The guard's tolerance 0 accepts no amplification of rounding: the cyclic code's plans all
    // have some (a repetition code's are the plain sum itself, and would decode).
    const sgc::gc<4, 1, sgc::cyclic_repetition> scheme;
    sgc::sim::replay_options o;
    o.decode.tolerance = 0;
    const auto result = sgc::sim::replay(scheme, gc_trace, 3, o);
    CHECK(result.jobs_decoded == 0);
    CHECK_FALSE(result.jobs[0].decoded);
    CHECK(result.total_runtime == 8); // the timing does not depend on it
}

TEST_CASE("sim replay: compile-time schemes replay like their run-time forms") {
    const auto trace = sgc_test::make_trace({{1, 1, 1, 4}, {1, 4, 1, 2.5}, {9, 1.75, 9, 9}});
    const auto o = with(wait_policy::minimal_wait);
    const auto fixed = sgc::sim::replay(sgc::m_sgc<4, 1, 2, 4>(), trace, 2, o);
    const auto dynamic = sgc::sim::replay(sgc::m_sgc<>(4, 1, 2, 4), trace, 2, o);
    CHECK(fixed.total_runtime == dynamic.total_runtime);
    CHECK(fixed.total_runtime == 6.25); // the minimal-wait case above
    CHECK(sgc::sim::replay(sgc::gc<4, 1>(), gc_trace, 3).total_runtime == 8);
}

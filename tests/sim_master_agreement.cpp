// The simulator's decisions agree with the schemes' bookkeeping: on synthetic traces with
// bursty stragglers, the recorded stragglers conform to the scheme's model (checked window by
// window from the definition), a fresh master driven by them decodes every job by its deadline
// with valid recipes, and every round's duration is consistent with who was recorded.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <sgc/schemes/any_scheme.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>
#include <sgc/sim/replay.hpp>
#include <sgc/sim/synthetic.hpp>

#include "models_support.hpp"
#include "scheme_support.hpp"
#include "sim_support.hpp"

namespace {

// The (B, W, lambda) a scheme's recorded stragglers must conform to; GC's s-per-round model is
// the bursty one with B = W = 1, lambda = s.
struct model_params {
    std::size_t B, W, lambda;
};
template <class Scheme> model_params params_of(const Scheme& s) {
    if constexpr (std::is_same_v<decltype(s.model()), sgc::s_per_round_model>)
        return {1, 1, s.s()};
    else
        return {s.B(), s.W(), s.lambda()};
}

template <class Scheme>
void check_agreement(const Scheme& scheme, const sgc::sim::delay_trace& trace, std::size_t jobs,
                     const sgc::sim::replay_options& options) {
    const auto result = sgc::sim::replay(scheme, trace, jobs, options);
    REQUIRE(result.rounds.size() == jobs + scheme.T());

    // 1. The recorded pattern conforms to the model the scheme tolerates.
    const auto pattern = sgc_test::recorded_pattern(result);
    const model_params m = params_of(scheme);
    CHECK(sgc_test::brute_force_violation(pattern, scheme.n(), m.B, m.W, m.lambda) == std::nullopt);

    // 2. Every job decoded by its deadline, in the replay and in an independent master run
    //    whose recipes are checked term by term.
    CHECK(result.jobs_decoded == jobs);
    for (std::size_t t = 0; t < jobs; ++t) {
        CAPTURE(t);
        CHECK(result.jobs[t].decoded);
        CHECK(result.jobs[t].round <= t + scheme.T());
    }
    const auto summary = sgc_test::run_and_verify(scheme, jobs, pattern);
    CHECK(summary.decodable == jobs);
    CHECK(summary.failed == 0);
    CHECK(summary.bad_recipes == 0);
    CHECK(summary.late == 0);

    // 3. Each round: stragglers have work and finish after the round ends, every other worker
    //    with work finishes by then; a round waits exactly when it ends after the cut-off.
    std::size_t waits = 0;
    for (const auto& r : result.rounds) {
        CAPTURE(r.round);
        CHECK((r.stragglers - r.active).empty());
        if (r.active.empty()) {
            CHECK(r.duration == 0);
            continue;
        }
        double fastest = 1e300;
        for (std::size_t i : r.active) fastest = std::min(fastest, trace(r.round, i));
        for (std::size_t i : r.active) {
            if (r.stragglers.contains(i)) CHECK(trace(r.round, i) > r.duration);
            else CHECK(trace(r.round, i) <= r.duration);
        }
        CHECK(r.waited == (r.duration > (1 + options.mu) * fastest));
        waits += r.waited ? 1 : 0;
    }
    CHECK(result.waits == waits);
}

sgc::sim::trace_timing timing() {
    sgc::sim::trace_timing t;
    t.overhead = 1.0;
    t.jitter = 0.3;   // below the cut-off factor 1 + mu = 2 ...
    t.slowdown = 2.5; // ... and stragglers above it, so the generator decides who is a candidate
    return t;
}

} // namespace

TEST_CASE("sim agreement: recorded stragglers conform and every job decodes on time") {
    constexpr std::size_t jobs = 40;
    for (std::uint64_t seed = 1; seed <= 4; ++seed)
        for (auto policy : {sgc::sim::wait_policy::wait_all, sgc::sim::wait_policy::minimal_wait}) {
            CAPTURE(seed);
            CAPTURE(sgc::to_string(policy));
            sgc::sim::replay_options o;
            o.policy = policy;
            // The guard for double gradients: at n = 12 the cyclic code's float plans can be
            // unreliable (a job the replay then reports as not decoded).
            o.decode = sgc::decode_options::for_type<double>(1e-6);
            o.mu = seed == 4 ? 0.1 : 1.0; // a tight cut-off: jitter alone makes candidates
            // Bursts of 1/q = 2 rounds on average, 5-10% of the workers straggling.
            const auto small = sgc::sim::gilbert_elliott_trace(12, jobs + 11, 0.04, 0.5, timing(), seed);
            check_agreement(sgc::gc<>(12, 2), small, jobs, o);
            check_agreement(sgc::any_scheme::gc_type(12, 0, sgc::code_kind::frc), small, jobs, o);
            check_agreement(sgc::sr_sgc<>(12, 1, 2, 3), small, jobs, o);
            check_agreement(sgc::any_scheme::sr_sgc_type(12, 2, 5, 4, sgc::code_kind::crc), small, jobs, o);
            check_agreement(sgc::m_sgc<>(12, 1, 2, 2), small, jobs, o);
            check_agreement(sgc::any_scheme::m_sgc_type(12, 2, 4, 3, sgc::code_kind::crc), small, jobs, o);
            check_agreement(sgc::m_sgc<>(12, 1, 3, 12), small, jobs, o);

            const auto large = sgc::sim::gilbert_elliott_trace(256, jobs + 11, 0.02, 0.5, timing(), seed);
            check_agreement(sgc::gc<>(256, 15), large, jobs, o);
            check_agreement(sgc::sr_sgc<>(256, 2, 3, 23), large, jobs, o);
            check_agreement(sgc::m_sgc<>(256, 1, 2, 27), large, jobs, o);
            check_agreement(sgc::m_sgc<>(256, 4, 9, 22), large, jobs, o);
        }
}

TEST_CASE("sim agreement: with candidates the model never allows, every round waits") {
    // Bernoulli p = 0.5 over 8 workers against s = 0 (none): every round with a straggler
    // waits, and the replay still decodes every job.
    const auto trace = sgc::sim::bernoulli_trace(8, 30, 0.5, timing(), 9);
    sgc::sim::replay_options o;
    const auto result = sgc::sim::replay(sgc::gc<>(8, 0), trace, 30, o);
    std::size_t rounds_with_stragglers = 0;
    for (std::size_t r = 0; r < 30; ++r) {
        double fastest = 1e300;
        for (std::size_t i = 0; i < 8; ++i) fastest = std::min(fastest, trace(r, i));
        bool any = false;
        for (std::size_t i = 0; i < 8; ++i) any = any || trace(r, i) > 2 * fastest;
        rounds_with_stragglers += any ? 1 : 0;
    }
    CHECK(rounds_with_stragglers > 20); // 1 - 2^-8 of the rounds, give or take
    CHECK(result.waits == rounds_with_stragglers);
    CHECK(result.jobs_decoded == 30);
    check_agreement(sgc::gc<>(8, 0), trace, 30, o);
}

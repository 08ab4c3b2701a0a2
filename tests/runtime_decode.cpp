// sgc::master over the in-process transport (simulated clock): under straggler patterns that
// saturate each scheme's model, every job decodes by its deadline to the directly computed
// gradient, the recorded stragglers are exactly the injected ones, and no round waits.
#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

#include <sgc/schemes/any_scheme.hpp>
#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>
#include <sgc/transport/in_process.hpp>

#include "runtime_support.hpp"

namespace {

// Compile-time and run-time forms, both inner codes, lambda = n.
struct gc_static { static auto make() { return sgc::gc<6, 2>{}; } };
struct gc_dynamic_crc { static auto make() { return sgc::any_scheme::gc_type(6, 2, sgc::code_kind::crc); } };
struct gc_none { static auto make() { return sgc::gc<>(5, 0); } };
struct sr_static { static auto make() { return sgc::sr_sgc<6, 1, 3, 2>{}; } };
struct sr_dynamic { static auto make() { return sgc::sr_sgc<>(8, 2, 3, 3); } };
struct m_static { static auto make() { return sgc::m_sgc<6, 1, 2, 2>{}; } };
struct m_dynamic_crc { static auto make() { return sgc::any_scheme::m_sgc_type(8, 2, 3, 3, sgc::code_kind::crc); } };
struct m_lambda_n { static auto make() { return sgc::m_sgc<>(5, 1, 3, 5); } };

constexpr std::size_t jobs = 12;
constexpr double fast = 1.0, slow = 5.0; // mu = 1: cut-off at 2 s, stragglers answer at 5 s

} // namespace

TEST_CASE_TEMPLATE("runtime decode: conforming stragglers, every gradient exact", Factory, gc_static,
                   gc_dynamic_crc, gc_none, sr_static, sr_dynamic, m_static, m_dynamic_crc,
                   m_lambda_n) {
    const auto scheme = Factory::make();
    const sgc_test::lsq_problem problem;
    sgc::master_options options;
    options.mu = 1.0;
    options.decode = sgc::decode_options::for_type<double>(1e-9);
    for (std::uint64_t seed = 0; seed < 10; ++seed) {
        CAPTURE(seed);
        const auto pattern = sgc_test::saturating_pattern(scheme.model(), jobs + scheme.T(), seed);
        auto transport = sgc::make_in_process<std::vector<double>>(
            scheme, problem.batch, problem.partial(), std::vector<double>(problem.features),
            sgc::pattern_delays(pattern, fast, slow), {2, sgc::clock_kind::simulated, 1.0});
        sgc::master m(scheme, transport, jobs, std::vector<double>(problem.features), options);
        const auto run = sgc_test::drive(m, problem);

        CHECK(run.decoded == jobs);
        CHECK(run.failed == 0);
        CHECK(run.worst_error <= 1e-12);
        CHECK(run.counters.waits == 0);
        std::vector<std::size_t> in_order(jobs);
        for (std::size_t t = 0; t < jobs; ++t) in_order[t] = t;
        CHECK(run.order == in_order);

        std::size_t straggled = 0;
        for (const auto& round : run.rounds) {
            CAPTURE(round.round);
            const auto busy = sgc::worker_set::from_ids(scheme.n(), round.busy);
            const sgc::worker_set slowed =
                round.round < pattern.size() ? pattern[round.round] & busy : sgc::worker_set(scheme.n());
            // Everyone slow (lambda = n allows it): the fastest time is `slow`, nobody straggles.
            const bool all_slow = !busy.empty() && slowed == busy;
            const std::vector<std::size_t> injected = all_slow ? std::vector<std::size_t>{} : slowed.ids();
            CHECK(round.stragglers == injected);
            const double expected = busy.empty()        ? 0.0
                                    : all_slow          ? slow
                                    : injected.empty() ? fast
                                                        : (1.0 + options.mu) * fast;
            CHECK(round.duration == doctest::Approx(expected));
            CHECK_FALSE(round.waited);
            straggled += injected.size();
        }
        CHECK(run.counters.stragglers == straggled);
        // A straggler's result turns up in a later round: counted late, never used.
        CHECK(run.counters.late <= straggled);
        if (straggled >= 4) CHECK(run.counters.late >= 1);
        CHECK(run.counters.duplicate == 0);
        CHECK(run.counters.unknown == 0);
        CHECK(run.counters.held == 0);
    }
}

// The round rule and the two wait policies on hand-computed rounds (simulated clock), and
// non-conforming stragglers under both policies: the master waits instead of decoding wrongly.
#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

#include <sgc/schemes/any_scheme.hpp>
#include <sgc/models/generators.hpp>
#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>
#include <sgc/sim/replay.hpp>
#include <sgc/sim/tuner.hpp>
#include <sgc/transport/in_process.hpp>

#include "runtime_support.hpp"

namespace {

using sgc::wait_policy;

template <class Scheme, class Delays>
sgc_test::run_result run(const Scheme& scheme, Delays delays, wait_policy policy, std::size_t jobs) {
    const sgc_test::lsq_problem problem;
    const std::vector<double> zero(problem.features);
    auto transport = sgc::make_in_process<std::vector<double>>(scheme, problem.batch,
                                                               problem.partial(), zero, delays, {2});
    sgc::master_options options;
    options.mu = 1.0;
    options.policy = policy;
    options.decode = sgc::decode_options::for_type<double>(1e-9);
    sgc::master m(scheme, transport, jobs, zero, options);
    return sgc_test::drive(m, problem);
}

} // namespace

TEST_CASE("runtime policies: GC s = 1, two late workers") {
    // Round 0: workers 0, 1 at 1 s, worker 2 at 3 s, worker 3 at 4 s. Cut-off (1 + 1) x 1 = 2 s;
    // missing {2, 3}: 2 > s = 1, so the round waits.
    //   wait-all:     until worker 3 at 4 s, no stragglers;
    //   minimal-wait: until worker 2 at 3 s, when missing {3} conforms; straggler 3.
    // Round 1: everyone at 1 s.
    const auto delays = [](std::size_t round, std::size_t worker) {
        if (round != 0) return 1.0;
        return worker < 2 ? 1.0 : worker == 2 ? 3.0 : 4.0;
    };
    const sgc::gc<4, 1> scheme;
    const auto all = run(scheme, delays, wait_policy::wait_all, 2);
    CHECK(all.rounds[0].waited);
    CHECK(all.rounds[0].duration == doctest::Approx(4.0));
    CHECK(all.rounds[0].stragglers.empty());
    const auto minimal = run(scheme, delays, wait_policy::minimal_wait, 2);
    CHECK(minimal.rounds[0].waited);
    CHECK(minimal.rounds[0].duration == doctest::Approx(3.0));
    CHECK(minimal.rounds[0].stragglers == std::vector<std::size_t>{3});
    for (const auto* r : {&all, &minimal}) {
        CHECK(r->rounds[1].duration == doctest::Approx(1.0));
        CHECK_FALSE(r->rounds[1].waited);
        CHECK(r->decoded == 2);
        CHECK(r->worst_error <= 1e-12);
        CHECK(r->counters.waits == 1);
    }
}

TEST_CASE("runtime policies: M-SGC (B, W, lambda) = (1, 2, 2), a burst too long") {
    // Round 0: worker 0 at 5 s, others at 1 s: cut-off 2 s, missing {0} conforms; straggler 0.
    // Round 1: worker 0 at 3 s, worker 1 at 6 s, others at 1 s. Cut-off 2 s, missing {0, 1}:
    // worker 0 would straggle 2 rounds in a window of 2 (B = 1): no.
    //   wait-all:     until 6 s, no stragglers;
    //   minimal-wait: worker 0 at 3 s leaves {1}: window {0, 1}, 2 <= lambda, 1 not blocked:
    //                 conforms; 3 s, straggler 1.
    const auto delays = [](std::size_t round, std::size_t worker) {
        if (round == 0) return worker == 0 ? 5.0 : 1.0;
        if (round == 1) return worker == 0 ? 3.0 : worker == 1 ? 6.0 : 1.0;
        return 1.0;
    };
    const sgc::m_sgc<4, 1, 2, 2> scheme;
    const auto all = run(scheme, delays, wait_policy::wait_all, 4);
    const auto minimal = run(scheme, delays, wait_policy::minimal_wait, 4);
    for (const auto* r : {&all, &minimal}) {
        CHECK(r->rounds[0].stragglers == std::vector<std::size_t>{0});
        CHECK(r->rounds[0].duration == doctest::Approx(2.0));
        CHECK(r->rounds[1].waited);
        CHECK(r->decoded == 4);
        CHECK(r->worst_error <= 1e-12);
    }
    CHECK(all.rounds[1].duration == doctest::Approx(6.0));
    CHECK(all.rounds[1].stragglers.empty());
    CHECK(minimal.rounds[1].duration == doctest::Approx(3.0));
    CHECK(minimal.rounds[1].stragglers == std::vector<std::size_t>{1});
}

namespace {
struct gc_case { static auto make() { return sgc::gc<>(8, 2); } };
struct sr_case { static auto make() { return sgc::sr_sgc<>(8, 2, 3, 3); } };
struct m_case { static auto make() { return sgc::m_sgc<>(8, 2, 3, 3); } };
struct m_crc_case { static auto make() { return sgc::any_scheme::m_sgc_type(8, 1, 2, 2, sgc::code_kind::crc); } };
} // namespace

TEST_CASE_TEMPLATE("runtime policies: non-conforming stragglers never give a wrong gradient", Factory,
                   gc_case, sr_case, m_case, m_crc_case) {
    const auto scheme = Factory::make();
    for (double p : {0.1, 0.3, 0.6})
        for (wait_policy policy : {wait_policy::wait_all, wait_policy::minimal_wait})
            for (std::uint64_t seed = 0; seed < 4; ++seed) {
                CAPTURE(p);
                CAPTURE(sgc::to_string(policy));
                CAPTURE(seed);
                constexpr std::size_t jobs = 10;
                sgc::bernoulli_stragglers generator(scheme.n(), p, seed);
                const auto r = run(scheme, sgc::pattern_delays(sgc::generate(generator, jobs + scheme.T()), 1.0, 4.0),
                                   policy, jobs);
                // Waiting makes every recorded round conform, so every job decodes.
                CHECK(r.decoded == jobs);
                CHECK(r.worst_error <= 1e-12);
                std::size_t waited = 0;
                for (const auto& round : r.rounds) waited += round.waited;
                CHECK(waited == r.counters.waits);
            }
}

TEST_CASE("runtime policies: wait_policy names") {
    CHECK(sgc::parse_wait_policy("wait-all") == wait_policy::wait_all);
    CHECK(sgc::parse_wait_policy("minimal-wait") == wait_policy::minimal_wait);
    CHECK(std::string(sgc::to_string(wait_policy::minimal_wait)) == "minimal-wait");
    CHECK_THROWS_WITH_AS(sgc::parse_wait_policy("sometimes"),
                         "sgc::parse_wait_policy: policy = sometimes: must be wait-all or minimal-wait",
                         sgc::invalid_parameter);
}

TEST_CASE("runtime policies: one default, wait-all, in the master, the simulator and the tuner") {
    CHECK(sgc::master_options{}.policy == wait_policy::wait_all);
    CHECK(sgc::sim::replay_options{}.policy == wait_policy::wait_all);
    CHECK(sgc::sim::tune_options{}.replay.policy == wait_policy::wait_all);
    // The master with its default options runs the simulator's round under its defaults: the
    // GC s = 1 round of the first case, which waits for worker 3 (4 s) and records nobody.
    const sgc_test::lsq_problem problem;
    const std::vector<double> zero(problem.features);
    const sgc::gc<4, 1> scheme;
    const std::vector<double> times{1.0, 1.0, 3.0, 4.0};
    auto transport = sgc::make_in_process<std::vector<double>>(
        scheme, problem.batch, problem.partial(), zero,
        [&](std::size_t, std::size_t worker) { return times[worker]; }, {2});
    sgc::master_options options;
    options.decode = sgc::decode_options::for_type<double>(1e-9);
    sgc::master m(scheme, transport, 1, zero, options);
    const sgc::round_report report = m.run_round(problem.model(0));
    sgc::sim::replay_options simulated;
    const auto replayed = sgc::sim::replay(scheme, sgc::sim::delay_trace(4, times), 1, simulated);
    CHECK(report.waited);
    CHECK(report.stragglers.empty());
    CHECK(report.duration == doctest::Approx(4.0));
    CHECK(replayed.total_runtime == doctest::Approx(report.duration));
}

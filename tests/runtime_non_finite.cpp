// A result holding a NaN or an inf is never mixed into a gradient handed out as ok: a coded
// result is dropped as malformed on arrival (so a healthy copy of its group can take its place),
// and a D1 piece, checked in the pass that adds it, makes its job fail with reason non_finite.
#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/transport/in_process.hpp>

#include "runtime_support.hpp"

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// A message of `worker` for `round` with a gradient per busy slot of `a`: `bad` in `bad_slot`
// (features copies), zeros elsewhere.
sgc::result_message<std::vector<double>> forged(const sgc::round_assignment& a, std::size_t worker,
                                                std::size_t round, std::size_t bad_slot, double bad,
                                                std::size_t features) {
    sgc::result_message<std::vector<double>> m{worker, round, {}};
    for (std::size_t slot = 0; slot < a.slots(); ++slot) {
        if (a(worker, slot).kind == sgc::task_kind::idle) continue;
        std::vector<double> g(features, 0.0);
        if (slot == bad_slot) g[features / 2] = bad;
        m.slots.push_back({slot, std::move(g)});
    }
    return m;
}

} // namespace

TEST_CASE("runtime non-finite: a NaN copy of a group is dropped and a healthy copy is used") {
    for (double bad : {not_a_number, inf, -inf}) {
        CAPTURE(bad);
        const sgc::gc<6, 2> scheme; // uneven repetition: groups {0, 1, 2} and {3, 4, 5}
        const sgc_test::lsq_problem problem;
        const std::vector<double> zero(problem.features);
        // Rounds last 1 s; in round 2 worker 0's real result comes at 1.5 s, within the cut-off.
        const auto delays = [](std::size_t round, std::size_t worker) {
            return round == 2 && worker == 0 ? 1.5 : 1.0;
        };
        auto transport = sgc::make_in_process<std::vector<double>>(
            scheme, problem.batch, problem.partial(), zero, delays, {1});
        sgc::round_assignment gc_tasks(6, 1);
        gc_tasks.set_all(0, sgc::task{sgc::task_kind::gc, 2, 0});
        // Before anyone of its group, a forged result of worker 0 with a non-finite entry: the
        // first copy of group 0 that arrives.
        transport.deliver(forged(gc_tasks, 0, 2, 0, bad, problem.features), 2.5);
        sgc::master m(scheme, transport, 4, zero);
        const auto run = sgc_test::drive(m, problem);
        CHECK(run.decoded == 4);
        CHECK(run.failed == 0);
        CHECK(run.worst_error <= 1e-12); // false for a NaN
        CHECK(run.counters.non_finite == 1);
        CHECK(run.counters.malformed == 1);
        CHECK(run.counters.duplicate == 0); // worker 0's real result was accepted
        CHECK(run.counters.accepted == 4 * 6);
    }
}

TEST_CASE("runtime non-finite: a D1 piece with a NaN fails its job with reason non_finite") {
    const sgc::m_sgc<8, 1, 2, 3> scheme;
    const sgc_test::lsq_problem problem;
    const std::vector<double> zero(problem.features);
    for (std::size_t batch : {std::size_t{1}, std::size_t{3}, std::size_t{8}}) {
        CAPTURE(batch);
        // Round 2 (posted at 2 s): worker `victim` answers at 1.5 s, everyone else at 1 s
        // (cut-off 2 s); a forged message of the victim with a NaN in its D1 piece arrives at
        // 1.2 s, after the rest of its D2 group, so its coded slot is redundant and only the D1
        // piece is used.
        std::size_t victim = 0;
        const auto delays = [&victim](std::size_t round, std::size_t worker) {
            return round == 2 && worker == victim ? 1.5 : 1.0;
        };
        auto transport = sgc::make_in_process<std::vector<double>>(
            scheme, problem.batch, problem.partial(), zero, delays, {1});
        // The observer is told of the failure too, with its reason.
        struct failures : sgc::master_observer {
            std::vector<std::pair<std::size_t, sgc::decode_status>> told;
            void job_failed(std::size_t job, sgc::decode_status reason) override { told.emplace_back(job, reason); }
        } observer;
        sgc::master_options options;
        options.batch = batch;
        options.observer = &observer;
        sgc::master m(scheme, transport, 5, zero, options);
        std::vector<sgc::job_result<std::vector<double>>> results;
        std::size_t poisoned_job = 0;
        while (!m.finished()) {
            const std::size_t r = m.round();
            if (r == 2) { // find a worker with a D1 piece this round
                const auto& a = m.bookkeeping().assignment();
                bool found = false;
                for (std::size_t w = 0; w < scheme.n() && !found; ++w)
                    for (std::size_t slot = 0; slot < a.slots() && !found; ++slot)
                        if (a(w, slot).kind == sgc::task_kind::d1) {
                            victim = w;
                            poisoned_job = a(w, slot).job;
                            transport.deliver(forged(a, w, r, slot, not_a_number, problem.features), 3.2);
                            found = true;
                        }
                REQUIRE(found);
            }
            (void)m.run_round(r < m.jobs() ? problem.model(r) : nullptr);
            while (auto job = m.next()) results.push_back(std::move(*job));
        }
        REQUIRE(results.size() == 5);
        for (const auto& result : results) {
            CAPTURE(result.job);
            if (result.job == poisoned_job) {
                CHECK_FALSE(result.ok());
                CHECK(result.reason == sgc::decode_status::non_finite);
            } else {
                REQUIRE(result.ok());
                CHECK(problem.relative_error(result.job, result.gradient) <= 1e-12);
            }
        }
        CHECK(m.counters().non_finite == 1);
        CHECK(observer.told == std::vector<std::pair<std::size_t, sgc::decode_status>>{
                                   {poisoned_job, sgc::decode_status::non_finite}});
        CHECK(m.counters().duplicate + m.counters().late == 1); // the victim's real message
        CHECK(m.counters().held == 0);
    }
}

TEST_CASE("runtime non-finite: workers that compute an inf never give an ok non-finite gradient") {
    // The partial of job 2 returns inf on the samples that include sample 0: every result of the
    // tasks that cover it, coded (all copies dropped) or a D1 piece (its job fails).
    const sgc::m_sgc<8, 1, 2, 3> scheme;
    const sgc_test::lsq_problem problem;
    const std::vector<double> zero(problem.features);
    const auto partial = [p = problem](const std::vector<double>& w, std::size_t job,
                                       sgc::sample_range r, std::vector<double>& out) {
        p.gradient(w, job, r, out);
        if (job == 2 && r.begin == 0) out[0] = inf;
    };
    auto transport = sgc::make_in_process<std::vector<double>>(
        scheme, problem.batch, partial, zero, sgc::constant_delays(1.0), {2});
    sgc::master_options options;
    options.lost_after = 5.0;
    sgc::master m(scheme, transport, 6, zero, options);
    const auto run = sgc_test::drive(m, problem);
    CHECK(run.failed >= 1);
    CHECK(run.decoded + run.failed == 6);
    CHECK(run.decoded >= 4);
    CHECK(run.worst_error <= 1e-12); // every ok gradient is the direct one, finite
    CHECK(run.counters.non_finite >= 1);
}

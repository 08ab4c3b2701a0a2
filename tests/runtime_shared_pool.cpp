// One sgc::thread_pool for everything: the in-process transport's workers run on it, their
// partials combine on an executor over the same pool (nested use), and so do the master's
// combines. Nothing deadlocks, and every gradient is the direct one, on both clocks.
#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

#include <sgc/core/thread_pool.hpp>
#include <sgc/gradient/combine.hpp>
#include <sgc/gradient/parallel.hpp>
#include <sgc/runtime/master.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>
#include <sgc/transport/in_process.hpp>

#include "runtime_support.hpp"

namespace {

struct sr_dynamic { static auto make() { return sgc::sr_sgc<>(6, 1, 2, 2); } };
struct m_dynamic { static auto make() { return sgc::m_sgc<>(6, 1, 2, 2); } };

} // namespace

TEST_CASE_TEMPLATE("runtime shared pool: workers, their partials and the master on one pool",
                   Factory, sr_dynamic, m_dynamic) {
    const auto scheme = Factory::make();
    sgc_test::lsq_problem problem;
    problem.features = 64; // long enough that a combine splits into pool.size() + 1 ranges
    const std::size_t jobs = 6;
    for (std::size_t threads : {1, 2}) {
        for (auto clock : {sgc::clock_kind::simulated, sgc::clock_kind::real}) {
            CAPTURE(threads);
            CAPTURE(clock == sgc::clock_kind::real);
            sgc::thread_pool pool(threads);
            const auto exec = sgc::executor::pool(pool).with_grain(1);
            // The partial sums two halves of its samples with a combine on the pool it runs on.
            const auto partial = [&](const std::vector<double>& w, std::size_t job,
                                     sgc::sample_range r, std::vector<double>& out) {
                std::vector<double> low(out.size()), high(out.size());
                const std::size_t middle = r.begin + r.size() / 2;
                problem.gradient(w, job, {r.begin, middle}, low);
                problem.gradient(w, job, {middle, r.end}, high);
                const std::vector<const std::vector<double>*> halves{&low, &high};
                sgc::combine(out, std::vector<double>{1.0, 1.0}, halves, exec);
            };
            sgc::in_process_options transport_options;
            transport_options.clock = clock;
            transport_options.time_scale = 0.0;
            transport_options.pool = &pool;
            const auto pattern = sgc_test::saturating_pattern(scheme.model(), jobs + scheme.T(), 3);
            auto transport = sgc::make_in_process<std::vector<double>>(
                scheme, problem.batch, partial, std::vector<double>(problem.features),
                sgc::pattern_delays(pattern, 1.0, 5.0), transport_options);

            sgc::master_options options;
            options.decode = sgc::decode_options::for_type<double>(1e-9);
            options.exec = exec;
            sgc::master m(scheme, transport, jobs, std::vector<double>(problem.features), options);
            const auto run = sgc_test::drive(m, problem);
            CHECK(run.decoded + run.failed == jobs);
            if (clock == sgc::clock_kind::simulated) CHECK(run.decoded == jobs);
            CHECK(run.worst_error <= 1e-12);
        }
    }
}

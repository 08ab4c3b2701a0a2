// The master's data path adds results in fused batches in a fixed order: two runs of the same
// rounds give the same bits, whatever the thread count, and every decoded gradient is the
// directly computed sum to within float rounding.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include <sgc/core/detail/splitmix64.hpp>
#include <sgc/gradient/parallel.hpp>
#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/transport/in_process.hpp>

#include "runtime_support.hpp"

namespace {

// d floats per sample and job, from a hash: partial(samples) sums them in float.
struct float_problem {
    std::size_t d = 4099; // odd: the kernels' tails run too
    std::size_t batch = 48;

    static float value(std::size_t t, std::size_t i, std::size_t f) {
        const std::uint64_t h = sgc::detail::splitmix64((t * 1000003 + i) * 65536 + f);
        return static_cast<float>(static_cast<double>(h >> 11) * 0x1.0p-52 - 0.5);
    }
    auto partial() const {
        return [d = d](std::size_t job, sgc::sample_range r, std::vector<float>& out) {
            for (std::size_t f = 0; f < d; ++f) {
                float sum = 0.0f;
                for (std::size_t i = r.begin; i < r.end; ++i) sum += value(job, i, f);
                out[f] = sum;
            }
        };
    }
    // max over f of |decoded - direct| / (sum of |terms| + 1)
    double error(std::size_t t, const std::vector<float>& g) const {
        double worst = 0.0;
        for (std::size_t f = 0; f < d; ++f) {
            double direct = 0.0, magnitude = 0.0;
            for (std::size_t i = 0; i < batch; ++i) {
                direct += value(t, i, f);
                magnitude += std::abs(value(t, i, f));
            }
            worst = std::max(worst, std::abs(g[f] - direct) / (magnitude + 1.0));
        }
        return worst;
    }
};

template <class Scheme>
std::vector<std::vector<float>> run(const Scheme& scheme, const float_problem& problem,
                                    std::size_t jobs, std::size_t threads, std::size_t batch,
                                    double* worst_error) {
    const std::vector<float> zero(problem.d);
    const auto pattern = sgc_test::saturating_pattern(scheme.model(), jobs + scheme.T(), 5);
    const auto partial = problem.partial();
    auto transport = sgc::make_in_process(
        scheme, problem.batch,
        [partial](const sgc::no_input&, std::size_t job, sgc::sample_range r, std::vector<float>& out) {
            partial(job, r, out);
        },
        zero, sgc::pattern_delays(pattern, 1.0, 5.0), {2});
    sgc::master_options options;
    options.decode = sgc::decode_options::for_type<float>(1e-4);
    options.exec = sgc::executor::threads(threads).with_grain(4096); // split even small adds
    options.batch = batch;
    sgc::master m(scheme, transport, jobs, zero, options);
    std::vector<std::vector<float>> out(jobs);
    while (!m.finished()) {
        (void)m.run_round();
        while (auto r = m.next()) {
            REQUIRE(r->ok());
            *worst_error = std::max(*worst_error, problem.error(r->job, r->gradient));
            out[r->job] = std::move(r->gradient);
        }
    }
    CHECK(m.counters().non_finite == 0);
    CHECK(m.counters().peak_staged <= (batch - 1) * (scheme.T() + 1));
    return out;
}

bool same_bits(const std::vector<std::vector<float>>& a, const std::vector<std::vector<float>>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t j = 0; j < a.size(); ++j) {
        if (a[j].size() != b[j].size()) return false;
        for (std::size_t f = 0; f < a[j].size(); ++f)
            if (std::memcmp(&a[j][f], &b[j][f], sizeof(float)) != 0) return false;
    }
    return true;
}

} // namespace

TEST_CASE("runtime reproducible: M-SGC runs give the same bits, batched or not, 1 or 2 threads") {
    const sgc::m_sgc<16, 1, 2, 3> scheme;
    const float_problem problem;
    const std::size_t jobs = 6;
    double worst = 0.0;
    const auto first = run(scheme, problem, jobs, 2, 8, &worst);
    const auto second = run(scheme, problem, jobs, 2, 8, &worst);
    const auto one_thread = run(scheme, problem, jobs, 1, 8, &worst);
    CHECK(same_bits(first, second));
    CHECK(same_bits(first, one_thread));
    const auto unbatched = run(scheme, problem, jobs, 2, 1, &worst);
    const auto unbatched_again = run(scheme, problem, jobs, 1, 1, &worst);
    CHECK(same_bits(unbatched, unbatched_again));
    const auto odd_batch = run(scheme, problem, jobs, 2, 5, &worst);
    CHECK(same_bits(odd_batch, run(scheme, problem, jobs, 2, 5, &worst)));
    // float sums of 48 terms in [-0.5, 0.5): a few units of 2^-24 per term at most
    CHECK(worst <= 1e-5);
}

TEST_CASE("runtime reproducible: GC runs give the same bits") {
    const sgc::gc<12, 3> scheme;
    const float_problem problem;
    double worst = 0.0;
    const auto a = run(scheme, problem, 5, 2, 8, &worst);
    const auto b = run(scheme, problem, 5, 1, 8, &worst);
    CHECK(same_bits(a, b));
    CHECK(worst <= 1e-5);
}

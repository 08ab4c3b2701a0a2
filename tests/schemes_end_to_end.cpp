// End to end, in-process: each scheme runs round by round on real vectors. Workers compute
// least-squares gradients over the sample ranges of their tasks; the master combines the
// results its recipes name; every decoded g(t) must equal the directly computed full gradient.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <tuple>
#include <type_traits>
#include <vector>

#include <sgc/schemes/any_scheme.hpp>
#include <sgc/models/bursty.hpp>
#include <sgc/models/generators.hpp>
#include <sgc/runtime/decode.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>

namespace {

constexpr std::size_t features = 6;
constexpr std::size_t batch = 360;

// A synthetic regression problem; job t's gradient is taken at weights w(t).
struct least_squares {
    std::vector<std::vector<double>> x;
    std::vector<double> y;

    least_squares() : x(batch, std::vector<double>(features)), y(batch) {
        std::mt19937_64 rng(11);
        std::normal_distribution<double> normal;
        for (std::size_t i = 0; i < batch; ++i) {
            for (auto& v : x[i]) v = normal(rng);
            y[i] = normal(rng);
        }
    }
    static double weight(std::size_t job, std::size_t f) { return 0.1 * double(job) - 0.05 * double(f); }

    // sum over samples in [begin, end) of x_i (x_i . w(t) - y_i)
    std::vector<double> gradient(std::size_t job, sgc::sample_range range) const {
        std::vector<double> g(features, 0.0);
        for (std::size_t i = range.begin; i < range.end; ++i) {
            double residual = -y[i];
            for (std::size_t f = 0; f < features; ++f) residual += x[i][f] * weight(job, f);
            for (std::size_t f = 0; f < features; ++f) g[f] += x[i][f] * residual;
        }
        return g;
    }
};

// Runs the scheme over the pattern on real data, with results and decoding in T; returns how
// many jobs were decoded and checked (to relative accuracy `tolerance`).
template <class T = double, class Scheme>
std::size_t run(const Scheme& scheme, std::size_t jobs, const std::vector<sgc::worker_set>& pattern,
                double tolerance = 1e-9) {
    const least_squares data;
    auto master = scheme.make_master(jobs, sgc::decode_options::for_type<T>(tolerance));
    std::map<std::tuple<std::size_t, std::size_t, std::size_t>, std::vector<T>> received;
    std::size_t checked = 0;
    while (!master.done()) {
        const std::size_t r = master.round();
        const auto& a = master.assignment();
        const sgc::worker_set stragglers = r < pattern.size() ? pattern[r] : sgc::worker_set(scheme.n());
        for (std::size_t i = 0; i < scheme.n(); ++i) {
            if (stragglers.contains(i)) continue; // its results never arrive
            for (std::size_t slot = 0; slot < a.slots(); ++slot) {
                const sgc::task& t = a(i, slot);
                if (t.kind == sgc::task_kind::idle) continue;
                std::vector<T> result(features, T(0));
                for (const auto& part : scheme.task_data(batch, i, t)) {
                    const auto g = data.gradient(t.job, part.range);
                    for (std::size_t f = 0; f < features; ++f)
                        result[f] += static_cast<T>(part.coefficient * g[f]);
                }
                received[{i, r, slot}] = std::move(result);
            }
        }
        const auto outcome = master.complete_round(stragglers.complement());
        for (const auto& recipe : outcome.decoded) {
            std::vector<T> decoded(features);
            sgc::decode(decoded, recipe, [&](const sgc::result_ref& ref) {
                return &received.at({ref.worker, ref.round, ref.slot});
            });
            const auto direct = data.gradient(recipe.job, {0, batch});
            for (std::size_t f = 0; f < features; ++f)
                CHECK(decoded[f] == doctest::Approx(direct[f]).epsilon(tolerance));
            ++checked;
        }
    }
    return checked;
}

std::vector<sgc::worker_set> adversarial(const sgc::bursty_model& model, std::size_t rounds,
                                         std::uint64_t seed) {
    sgc::adversarial_stragglers generator(model, seed);
    return sgc::generate(generator, rounds);
}

} // namespace

TEST_CASE_TEMPLATE("end to end: SR-SGC and M-SGC decode every job exactly, compile-time and "
                   "run-time forms",
                   Scheme, sgc::m_sgc<8, 2, 3, 3>, sgc::m_sgc<8, 2, 3, 3, sgc::cyclic_repetition>,
                   sgc::m_sgc<6, 1, 3, 6>, sgc::sr_sgc<8, 2, 5, 4>,
                   sgc::sr_sgc<9, 1, 2, 4, sgc::cyclic_repetition>) {
    const Scheme fixed;
    // The run-time form, converted from the static one and built from the same parameters.
    const typename Scheme::dynamic_type runtime = fixed;
    const typename Scheme::dynamic_type built(fixed.n(), fixed.B(), fixed.W(), fixed.lambda());
    static_assert(Scheme::is_static && !decltype(runtime)::is_static);
    const sgc::bursty_model model(fixed.n(), fixed.B(), fixed.W(), fixed.lambda());
    const std::size_t jobs = 10;
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const auto pattern = adversarial(model, jobs + fixed.T(), seed);
        CHECK(run(fixed, jobs, pattern) == jobs);
        CHECK(run(runtime, jobs, pattern) == jobs);
        CHECK(run(built, jobs, pattern) == jobs);
    }
}

TEST_CASE("end to end: GC with s = lambda decodes every job exactly") {
    for (auto kind : {sgc::code_kind::uneven, sgc::code_kind::crc, sgc::code_kind::frc}) {
        const sgc::any_scheme::gc_type scheme(12, 3, kind);
        const sgc::bursty_model model(12, 2, 4, 3);
        for (std::uint64_t seed = 1; seed <= 5; ++seed)
            CHECK(run(scheme, 10, adversarial(model, 10, seed)) == 10);
    }
    const sgc::gc<12, 2> fixed;
    CHECK(run(fixed, 6, adversarial(sgc::bursty_model(12, 1, 2, 2), 6, 3)) == 6);
}

TEST_CASE("end to end: float32 gradients through a repetition code") {
    // The same pipeline in float: results and decode in float, compared at float accuracy.
    const auto pattern = adversarial(sgc::bursty_model(6, 1, 2, 2), 5, 9);
    CHECK(run<float>(sgc::m_sgc<>(6, 1, 2, 2), 4, pattern, 1e-4) == 4);
    CHECK(run<float>(sgc::sr_sgc<>(6, 1, 2, 2), 4, pattern, 1e-4) == 4);
}

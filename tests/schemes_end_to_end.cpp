// End to end, in-process: each scheme runs round by round on real vectors. Workers compute
// least-squares gradients over the sample ranges of their tasks; the master combines the
// results its recipes name; every decoded g(t) must equal the directly computed full gradient.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <random>
#include <tuple>
#include <vector>

#include <sgc/gradient/combine.hpp>
#include <sgc/models/bursty.hpp>
#include <sgc/models/generators.hpp>
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

// Runs the scheme over the pattern on real data; returns how many jobs were decoded and checked.
template <class Scheme>
std::size_t run(const Scheme& scheme, std::size_t jobs, const std::vector<sgc::worker_set>& pattern,
                const sgc::decode_options& options = sgc::decode_options::for_type<double>(1e-9)) {
    const least_squares data;
    auto master = scheme.make_master(jobs, options);
    std::map<std::tuple<std::size_t, std::size_t, std::size_t>, std::vector<double>> received;
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
                std::vector<double> result(features, 0.0);
                for (const auto& part : scheme.task_data(batch, i, t)) {
                    const auto g = data.gradient(t.job, part.range);
                    sgc::accumulate(result, std::vector<double>{part.coefficient},
                                    std::vector<const std::vector<double>*>{&g});
                }
                received[{i, r, slot}] = std::move(result);
            }
        }
        const auto outcome = master.complete_round(stragglers.complement());
        for (const auto& recipe : outcome.decoded) {
            std::vector<double> coefficients;
            std::vector<const std::vector<double>*> results;
            for (const auto& term : recipe.terms) {
                coefficients.push_back(term.coefficient);
                results.push_back(&received.at({term.result.worker, term.result.round, term.result.slot}));
            }
            std::vector<double> decoded(features);
            sgc::combine(decoded, coefficients, results);
            const auto direct = data.gradient(recipe.job, {0, batch});
            for (std::size_t f = 0; f < features; ++f)
                CHECK(decoded[f] == doctest::Approx(direct[f]).epsilon(1e-9));
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

TEST_CASE_TEMPLATE("end to end: M-SGC decodes every job exactly, compile-time and run-time forms",
                   Scheme, sgc::m_sgc<8, 2, 3, 3>, sgc::m_sgc<8, 2, 3, 3, sgc::cyclic_repetition>,
                   sgc::m_sgc<6, 1, 3, 6>) {
    const Scheme fixed;
    const auto kind = std::is_same_v<Scheme, sgc::m_sgc<8, 2, 3, 3, sgc::cyclic_repetition>>
                          ? sgc::code_kind::crc
                          : sgc::code_kind::uneven;
    const sgc::m_sgc<> runtime(fixed.n(), fixed.B(), fixed.W(), fixed.lambda(), kind);
    const sgc::bursty_model model(fixed.n(), fixed.B(), fixed.W(), fixed.lambda());
    const std::size_t jobs = 10;
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const auto pattern = adversarial(model, jobs + fixed.T(), seed);
        CHECK(run(fixed, jobs, pattern) == jobs);
        CHECK(run(runtime, jobs, pattern) == jobs);
    }
}

TEST_CASE_TEMPLATE("end to end: SR-SGC decodes every job exactly, compile-time and run-time forms",
                   Scheme, sgc::sr_sgc<8, 2, 5, 4>, sgc::sr_sgc<9, 1, 2, 4, sgc::cyclic_repetition>) {
    const Scheme fixed;
    const auto kind = std::is_same_v<Scheme, sgc::sr_sgc<8, 2, 5, 4>> ? sgc::code_kind::uneven
                                                                      : sgc::code_kind::crc;
    const sgc::sr_sgc<> runtime(fixed.n(), fixed.B(), fixed.W(), fixed.lambda(), kind);
    const sgc::bursty_model model(fixed.n(), fixed.B(), fixed.W(), fixed.lambda());
    const std::size_t jobs = 12;
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const auto pattern = adversarial(model, jobs + fixed.T(), seed);
        CHECK(run(fixed, jobs, pattern) == jobs);
        CHECK(run(runtime, jobs, pattern) == jobs);
    }
}

TEST_CASE("end to end: GC with s = lambda decodes every job exactly") {
    for (auto kind : {sgc::code_kind::uneven, sgc::code_kind::crc, sgc::code_kind::frc}) {
        const sgc::gc<> scheme(12, 3, kind);
        const sgc::bursty_model model(12, 2, 4, 3);
        for (std::uint64_t seed = 1; seed <= 5; ++seed)
            CHECK(run(scheme, 10, adversarial(model, 10, seed)) == 10);
    }
    const sgc::gc<12, 2> fixed;
    CHECK(run(fixed, 6, adversarial(sgc::bursty_model(12, 1, 2, 2), 6, 3)) == 6);
}

TEST_CASE("end to end: float32 gradients through a repetition code") {
    // The same pipeline in float: results and decode in float, compared at float accuracy.
    const sgc::m_sgc<> scheme(6, 1, 2, 2);
    const least_squares data;
    auto master = scheme.make_master(4);
    const auto pattern = adversarial(sgc::bursty_model(6, 1, 2, 2), 5, 9);
    std::map<std::tuple<std::size_t, std::size_t, std::size_t>, std::vector<float>> received;
    std::size_t checked = 0;
    while (!master.done()) {
        const std::size_t r = master.round();
        const auto& a = master.assignment();
        for (std::size_t i = 0; i < scheme.n(); ++i)
            for (std::size_t slot = 0; slot < a.slots() && !pattern[r].contains(i); ++slot) {
                const auto& t = a(i, slot);
                if (t.kind == sgc::task_kind::idle) continue;
                std::vector<float> result(features, 0.0f);
                for (const auto& part : scheme.task_data(batch, i, t)) {
                    const auto g = data.gradient(t.job, part.range);
                    for (std::size_t f = 0; f < features; ++f)
                        result[f] += static_cast<float>(part.coefficient * g[f]);
                }
                received[{i, r, slot}] = result;
            }
        for (const auto& recipe : master.complete_round(pattern[r].complement()).decoded) {
            std::vector<double> coefficients;
            std::vector<const std::vector<float>*> results;
            for (const auto& term : recipe.terms) {
                coefficients.push_back(term.coefficient);
                results.push_back(&received.at({term.result.worker, term.result.round, term.result.slot}));
            }
            std::vector<float> decoded(features);
            sgc::combine(decoded, coefficients, results);
            const auto direct = data.gradient(recipe.job, {0, batch});
            for (std::size_t f = 0; f < features; ++f)
                CHECK(decoded[f] == doctest::Approx(direct[f]).epsilon(1e-4));
            ++checked;
        }
    }
    CHECK(checked == 4);
}

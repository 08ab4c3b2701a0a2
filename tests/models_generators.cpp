// Generators: reproducible from the seed, the advertised statistics, and adversarial patterns
// that conform to their model and saturate it.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <sgc/models/bursty.hpp>
#include <sgc/models/generators.hpp>

#include "models_support.hpp"

using sgc::worker_set;

namespace {

double straggling_fraction(const sgc::straggler_pattern& pattern) {
    std::size_t total = 0;
    for (const auto& round : pattern) total += round.count();
    return static_cast<double>(total) /
           static_cast<double>(pattern.size() * pattern.front().universe());
}

// The lengths of every worker's maximal runs of consecutive straggling rounds that end before
// the pattern does (a run cut off by the end has no known length).
std::vector<std::size_t> finished_runs(const sgc::straggler_pattern& pattern) {
    std::vector<std::size_t> runs;
    const std::size_t n = pattern.front().universe();
    for (std::size_t w = 0; w < n; ++w) {
        std::size_t run = 0;
        for (const auto& round : pattern) {
            if (round.contains(w)) {
                ++run;
            } else if (run > 0) {
                runs.push_back(run);
                run = 0;
            }
        }
    }
    return runs;
}

} // namespace

TEST_CASE("generators are reproducible from their seed and differ across seeds") {
    sgc::bernoulli_stragglers a(64, 0.2, 5), b(64, 0.2, 5), c(64, 0.2, 6);
    const auto pa = sgc::generate(a, 50);
    CHECK(pa == sgc::generate(b, 50));
    CHECK(pa != sgc::generate(c, 50));
    sgc::gilbert_elliott_stragglers g1(64, 0.1, 0.5, 5), g2(64, 0.1, 0.5, 5);
    CHECK(sgc::generate(g1, 50) == sgc::generate(g2, 50));
    const sgc::bursty_model model(64, 2, 4, 10);
    sgc::adversarial_stragglers a1(model, 5), a2(model, 5), a3(model, 6);
    const auto pa1 = sgc::generate(a1, 50);
    CHECK(pa1 == sgc::generate(a2, 50));
    CHECK(pa1 != sgc::generate(a3, 50));
}

TEST_CASE("generators give the same patterns on every platform (known answers)") {
    // Only raw mt19937_64 outputs, whose sequence the C++ standard fixes, feed these patterns.
    sgc::bernoulli_stragglers bernoulli(8, 0.5, 42);
    CHECK(sgc::generate(bernoulli, 3) ==
          sgc::make_pattern(8, {{3, 5, 7}, {0, 1, 2}, {1, 2, 3, 5, 6, 7}}));
    sgc::gilbert_elliott_stragglers ge(8, 0.3, 0.4, 42);
    CHECK(sgc::generate(ge, 3) == sgc::make_pattern(8, {{3, 5}, {0, 2, 3, 5}, {0, 7}}));
    sgc::adversarial_stragglers adversary(sgc::bursty_model(8, 2, 3, 3), 42);
    CHECK(sgc::generate(adversary, 4) ==
          sgc::make_pattern(8, {{0, 6}, {0, 6}, {7}, {7}}));
}

TEST_CASE("Bernoulli(p): p = 0 and p = 1 are exact, otherwise a fraction near p") {
    sgc::bernoulli_stragglers none(40, 0.0, 1), all(40, 1.0, 1);
    for (const auto& round : sgc::generate(none, 20)) CHECK(round.empty());
    for (const auto& round : sgc::generate(all, 20)) CHECK(round == worker_set::all(40));
    for (double p : {0.05, 0.3, 0.7}) {
        sgc::bernoulli_stragglers gen(256, p, 11);
        CHECK(gen.n() == 256);
        CHECK(gen.p() == p);
        // 256 x 200 draws: the standard deviation of the fraction is below 0.0023.
        CHECK(straggling_fraction(sgc::generate(gen, 200)) == doctest::Approx(p).epsilon(0.05));
    }
}

TEST_CASE("Gilbert-Elliott: starts good, straggles p / (p + q) of the time, bursts of 1 / q") {
    sgc::gilbert_elliott_stragglers never(16, 0.0, 0.5, 3);
    for (const auto& round : sgc::generate(never, 30)) CHECK(round.empty());
    sgc::gilbert_elliott_stragglers stuck(16, 1.0, 0.0, 3); // bad in round 0, bad forever
    for (const auto& round : sgc::generate(stuck, 30)) CHECK(round == worker_set::all(16));
    sgc::gilbert_elliott_stragglers flip(16, 1.0, 1.0, 3); // alternates bad, good, bad, ...
    const auto alternating = sgc::generate(flip, 6);
    for (std::size_t r = 0; r < alternating.size(); ++r)
        CHECK(alternating[r] == (r % 2 == 0 ? worker_set::all(16) : worker_set(16)));

    const double p = 0.05, q = 0.25;
    sgc::gilbert_elliott_stragglers gen(256, p, q, 17);
    CHECK(gen.p() == p);
    CHECK(gen.q() == q);
    const auto pattern = sgc::generate(gen, 400);
    CHECK(straggling_fraction(pattern) == doctest::Approx(p / (p + q)).epsilon(0.1));
    const auto runs = finished_runs(pattern);
    double mean = 0;
    for (std::size_t run : runs) mean += static_cast<double>(run);
    mean /= static_cast<double>(runs.size());
    CHECK(mean == doctest::Approx(1 / q).epsilon(0.1));
}

TEST_CASE("adversarial patterns conform to their model and saturate it") {
    struct parameters {
        std::size_t n, B, W, lambda;
    };
    const parameters cases[] = {{4, 1, 2, 2},   {4, 2, 3, 2},   {3, 1, 3, 3},   {10, 2, 5, 4},
                                {5, 1, 1, 3},   {6, 3, 3, 2},   {8, 4, 9, 8},   {256, 1, 2, 27},
                                {256, 2, 3, 23}, {256, 4, 9, 22}};
    for (const auto& c : cases)
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            CAPTURE(c.n);
            CAPTURE(c.B);
            CAPTURE(c.W);
            CAPTURE(c.lambda);
            CAPTURE(seed);
            const sgc::bursty_model model(c.n, c.B, c.W, c.lambda);
            sgc::adversarial_stragglers gen(model, seed);
            CHECK(gen.n() == c.n);
            const auto pattern = sgc::generate(gen, 60);
            CHECK(model.check(pattern) == std::nullopt);

            // Every full window has exactly lambda distinct stragglers.
            for (std::size_t e = c.W - 1; e < pattern.size(); ++e) {
                worker_set window(c.n);
                for (std::size_t r = e + 1 - c.W; r <= e; ++r) window |= pattern[r];
                CHECK(window.count() == c.lambda);
            }
            // Every burst lasts exactly B rounds; with B = W >= 2 nobody ever recovers.
            const auto runs = finished_runs(pattern);
            if (c.B < c.W)
                for (std::size_t run : runs) CHECK(run == c.B);
            else if (c.W >= 2)
                CHECK(runs.empty());
        }
}

TEST_CASE("adversarial warm-up: bursts start at seed-dependent rounds") {
    // With W = 9 the first eight rounds draw how many bursts start; over seeds, the rounds in
    // which the first bursts start vary.
    const sgc::bursty_model model(32, 2, 9, 8);
    std::vector<bool> started_in(9, false);
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        sgc::adversarial_stragglers gen(model, seed);
        const auto pattern = sgc::generate(gen, 9);
        for (std::size_t r = 0; r < 9; ++r)
            if (!(pattern[r] - (r > 0 ? pattern[r - 1] : worker_set(32))).empty())
                started_in[r] = true;
    }
    std::size_t rounds_with_starts = 0;
    for (bool b : started_in) rounds_with_starts += b ? 1 : 0;
    CHECK(rounds_with_starts >= 4);
}

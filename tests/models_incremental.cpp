// The incremental check: the monitor agrees with the window-by-window definition, keeps its
// history across a long run, and conforming_subset is a largest conforming subset.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <random>
#include <vector>

#include <sgc/models/bursty.hpp>
#include <sgc/models/s_per_round.hpp>

#include "models_support.hpp"
#include "support.hpp"

using sgc::bursty_model;
using sgc::conformance_rule;
using sgc::worker_set;

namespace {

struct parameters {
    std::size_t n, B, W, lambda;
};

const parameters small_models[] = {{5, 1, 1, 2}, {5, 1, 2, 2}, {5, 2, 3, 2}, {5, 1, 3, 3},
                                   {5, 2, 5, 3}, {5, 3, 4, 4}, {5, 2, 2, 1}, {5, 3, 7, 5}};

} // namespace

TEST_CASE("incremental, whole-pattern and window-by-window checks agree on random patterns") {
    std::mt19937_64 rng(2024);
    std::size_t conforming = 0, broken = 0;
    for (const auto& m : small_models) {
        const bursty_model model(m.n, m.B, m.W, m.lambda);
        for (int trial = 0; trial < 300; ++trial) {
            const double p = 0.05 + 0.05 * (trial % 6);
            const auto pattern = sgc_test::random_pattern(m.n, 12, p, rng);
            const auto expected = sgc_test::brute_force_violation(pattern, m.n, m.B, m.W, m.lambda);
            REQUIRE(model.check(pattern) == expected);

            // Round by round: every round before the violation conforms and is recorded.
            auto monitor = model.make_monitor();
            for (std::size_t r = 0; r < pattern.size(); ++r) {
                CHECK(monitor.round() == r);
                const auto v = monitor.check(pattern[r]);
                if (v) {
                    REQUIRE(expected);
                    CHECK(*v == *expected);
                    break;
                }
                CHECK((!expected || expected->round > r));
                monitor.record(pattern[r]);
            }
            (expected ? broken : conforming) += 1;
        }
    }
    // The densities make both outcomes common, so both branches were exercised.
    CHECK(conforming > 300);
    CHECK(broken > 300);
}

TEST_CASE("check_all continues from the recorded history and stops before a violation") {
    const bursty_model model(4, 2, 3, 2);
    const auto pattern =
        sgc_test::pattern_of_workers(4, 5, {{0, {1, 2}}, {1, {2}}, {2, {4}}, {3, {4}}});
    // Round 4's window [2, 4] holds workers 0, 1, 2 and 3.
    const auto expected = sgc::violation{4, conformance_rule::spatial, 4, 2, 2};
    CHECK(model.check(pattern) == expected);
    auto monitor = model.make_monitor();
    monitor.record(pattern[0]);
    monitor.record(pattern[1]);
    CHECK(monitor.check_all({pattern[2], pattern[3], pattern[4]}) == expected);
    CHECK(monitor.round() == 4);
    CHECK(monitor.check_all({}) == std::nullopt);
    CHECK(monitor.check_all({pattern[3]}) == std::nullopt);
    CHECK(monitor.round() == 5);
}

TEST_CASE("the monitor keeps the window across a long run at n = 256") {
    const bursty_model model(256, 2, 5, 60);
    auto monitor = model.make_monitor();
    sgc::straggler_pattern pattern;
    // Workers 10r .. 10r+9 (mod 250) straggle in rounds r and r+1: 60 distinct per window.
    for (std::size_t r = 0; r < 300; ++r) {
        worker_set S(256);
        for (std::size_t k = 0; k < 10; ++k) {
            S.insert((10 * r + k) % 250);
            if (r > 0) S.insert((10 * (r - 1) + k) % 250);
        }
        REQUIRE(!monitor.check(S));
        monitor.record(S);
        pattern.push_back(S);
    }
    CHECK(monitor.round() == 300);
    CHECK(model.check(pattern) == std::nullopt);
    CHECK(monitor.window_union().count() == 50);
    // Next round 300: the window holds workers 200..249. One that straggled in round 297 breaks B;
    // eleven new ones break lambda.
    const std::size_t w = (10 * 297) % 250;
    CHECK(monitor.check(worker_set::from_ids(256, {w})) ==
          sgc::violation{300, conformance_rule::temporal, w, 2, 297});
    worker_set many(256);
    for (std::size_t k = 0; k < 11; ++k) many.insert(k);
    const auto v = monitor.check(many);
    CHECK(v == sgc::violation{300, conformance_rule::spatial, 61, 60, 296});
    many.erase(0);
    CHECK(!monitor.check(many));
}

TEST_CASE("a recorded non-conforming round stays in the history") {
    const bursty_model model(4, 1, 3, 2);
    auto monitor = model.make_monitor();
    const auto three = worker_set::from_ids(4, {0, 1, 2});
    CHECK(monitor.check(three));
    monitor.record(three);
    // The windows ending at rounds 1 and 2 contain round 0: no set conforms, not even {}.
    CHECK(monitor.check(worker_set(4)) == sgc::violation{1, conformance_rule::spatial, 3, 2, 0});
    CHECK(monitor.spare() == 0);
    CHECK(monitor.conforming_subset(worker_set::all(4)).empty());
    monitor.record(worker_set(4));
    monitor.record(worker_set(4));
    CHECK(monitor.round() == 3);
    CHECK(!monitor.check(worker_set::from_ids(4, {0, 1})));
}

TEST_CASE("window_union, blocked and spare describe the next round") {
    const bursty_model model(6, 2, 4, 3);
    auto monitor = model.make_monitor();
    CHECK(monitor.spare() == 3);
    monitor.record(worker_set::from_ids(6, {0}));
    monitor.record(worker_set::from_ids(6, {0, 1}));
    // Next round 2: window rounds 0..1; blocked: round 0 (2 or more rounds ago).
    CHECK(monitor.window_union() == worker_set::from_ids(6, {0, 1}));
    CHECK(monitor.blocked() == worker_set::from_ids(6, {0}));
    CHECK(monitor.spare() == 1);
    monitor.record(worker_set::from_ids(6, {1}));
    // Next round 3: window rounds 0..2; blocked: rounds 0..1.
    CHECK(monitor.blocked() == worker_set::from_ids(6, {0, 1}));
    monitor.record(worker_set(6));
    // Next round 4: window rounds 1..3; blocked: rounds 1..2.
    CHECK(monitor.window_union() == worker_set::from_ids(6, {0, 1}));
    CHECK(monitor.blocked() == worker_set::from_ids(6, {0, 1}));

    const auto per_round = sgc::s_per_round_model(6, 2).make_monitor();
    CHECK(per_round.window_union().empty());
    CHECK(per_round.blocked().empty());
    CHECK(per_round.spare() == 2);
}

TEST_CASE("conforming_subset is a largest conforming subset (brute force, n = 5)") {
    std::mt19937_64 rng(99);
    for (const auto& m : small_models) {
        const bursty_model model(m.n, m.B, m.W, m.lambda);
        for (int trial = 0; trial < 40; ++trial) {
            // A conforming history of random length, then every candidate set S.
            auto monitor = model.make_monitor();
            const auto history = sgc_test::random_pattern(m.n, trial % 7, 0.3, rng);
            for (const auto& round : history) monitor.record(monitor.conforming_subset(round));
            for (std::size_t size = 0; size <= m.n; ++size)
                sgc_test::for_each_subset(m.n, size, [&](const worker_set& S) {
                    const auto kept = monitor.conforming_subset(S);
                    CHECK((kept - S).empty());
                    CHECK(!monitor.check(kept));
                    std::size_t largest = 0;
                    for (std::size_t k = 0; k <= S.count(); ++k)
                        sgc_test::for_each_subset(m.n, k, [&](const worker_set& X) {
                            if ((X - S).empty() && !monitor.check(X))
                                largest = std::max(largest, X.count());
                        });
                    CHECK(kept.count() == largest);
                });
        }
    }
}

TEST_CASE("conforming_subset keeps workers already in the window, then the lowest new ids") {
    const bursty_model model(8, 1, 3, 4);
    auto monitor = model.make_monitor();
    monitor.record(worker_set::from_ids(8, {6}));
    monitor.record(worker_set::from_ids(8, {7}));
    // Round 2: 6 is blocked (B = 1); 7 is too; 2 new workers fit under lambda = 4 with 6 and 7.
    CHECK(monitor.conforming_subset(worker_set::all(8)) == worker_set::from_ids(8, {0, 1}));
    monitor.record(worker_set::from_ids(8, {0}));
    // Round 3: window rounds 1..2 = {0, 7}, both blocked; 2 new ones fit.
    CHECK(monitor.conforming_subset(worker_set::from_ids(8, {0, 3, 5, 6})) ==
          worker_set::from_ids(8, {3, 5}));
    CHECK(sgc::s_per_round_model(8, 3).make_monitor().conforming_subset(
              worker_set::from_ids(8, {1, 4, 5, 7})) == worker_set::from_ids(8, {1, 4, 5}));

    const bursty_model no_bursts(6, 2, 3, 2);
    auto m2 = no_bursts.make_monitor();
    m2.record(worker_set::from_ids(6, {4}));
    // Round 1: 4 may go on (a burst of 2) for free; one new worker fits.
    CHECK(m2.conforming_subset(worker_set::from_ids(6, {2, 3, 4})) ==
          worker_set::from_ids(6, {2, 4}));
}

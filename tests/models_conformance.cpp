// The conformance test vectors of docs/design.md §3.4, and the violation each broken pattern reports.
#include <doctest/doctest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include <sgc/models/bursty.hpp>
#include <sgc/models/s_per_round.hpp>

#include "models_support.hpp"

using sgc::bursty_model;
using sgc::conformance_rule;
using sgc::violation;
using sgc_test::pattern_of_workers;

namespace {

// "any" lambda in the table: every lambda from 1 to n must give the same verdict.
void check_every_lambda(std::size_t n, std::size_t B, std::size_t W,
                        const sgc::straggler_pattern& pattern,
                        const std::optional<violation>& expected) {
    for (std::size_t lambda = 1; lambda <= n; ++lambda) {
        CAPTURE(lambda);
        CHECK(bursty_model(n, B, W, lambda).check(pattern) == expected);
    }
}

} // namespace

TEST_CASE("conformance vectors: (2,3,2) with w0 in rounds 1 and 2 and w1 in round 2 conforms") {
    const auto pattern = pattern_of_workers(4, 3, {{0, {1, 2}}, {1, {2}}});
    CHECK(bursty_model(4, 2, 3, 2).check(pattern) == std::nullopt);
}

TEST_CASE("conformance vectors: (2,3,2) with a third worker in round 2 breaks lambda") {
    const auto pattern = pattern_of_workers(4, 3, {{0, {1, 2}}, {1, {2}}, {2, {2}}});
    const auto v = bursty_model(4, 2, 3, 2).check(pattern);
    REQUIRE(v);
    CHECK(*v == violation{2, conformance_rule::spatial, 3, 2, 0});
    CHECK(v->message() == "round 2: 3 distinct stragglers in window [0, 2] exceed lambda = 2");
}

TEST_CASE("conformance vectors: (1,3,any) with w0 in rounds 0 and 2 spans 3 > B") {
    const auto pattern = pattern_of_workers(3, 3, {{0, {0, 2}}});
    const violation expected{2, conformance_rule::temporal, 0, 1, 0};
    check_every_lambda(3, 1, 3, pattern, expected);
    CHECK(expected.message() ==
          "round 2: worker 0 also straggled in round 0 of the window: a span of 3 rounds "
          "exceeds B = 1");
}

TEST_CASE("conformance vectors: (1,2,any) with w0 in rounds 0 and 2 conforms") {
    check_every_lambda(3, 1, 2, pattern_of_workers(3, 3, {{0, {0, 2}}}), std::nullopt);
}

TEST_CASE("conformance vectors: (2,4,any) with w0 in rounds 0, 1, 4: rounds 1 and 4 share a window") {
    const auto pattern = pattern_of_workers(3, 5, {{0, {0, 1, 4}}});
    check_every_lambda(3, 2, 4, pattern, violation{4, conformance_rule::temporal, 0, 2, 1});
}

TEST_CASE("conformance vectors: (2,4,any) with w0 in rounds 0, 1, 5 conforms") {
    check_every_lambda(3, 2, 4, pattern_of_workers(3, 6, {{0, {0, 1, 5}}}), std::nullopt);
}

TEST_CASE("conformance vectors: (2,5,any) with w0 in rounds 0, 1, 2 is a burst of 3 > B") {
    const auto pattern = pattern_of_workers(3, 3, {{0, {0, 1, 2}}});
    check_every_lambda(3, 2, 5, pattern, violation{2, conformance_rule::temporal, 0, 2, 0});
}

TEST_CASE("conformance vectors agree with the window-by-window definition") {
    struct vector_case {
        std::size_t B, W, lambda;
        sgc::straggler_pattern pattern;
        bool conforms;
    };
    const vector_case cases[] = {
        {2, 3, 2, pattern_of_workers(3, 3, {{0, {1, 2}}, {1, {2}}}), true},
        {2, 3, 2, pattern_of_workers(3, 3, {{0, {1, 2}}, {1, {2}}, {2, {2}}}), false},
        {1, 3, 3, pattern_of_workers(3, 3, {{0, {0, 2}}}), false},
        {1, 2, 3, pattern_of_workers(3, 3, {{0, {0, 2}}}), true},
        {2, 4, 3, pattern_of_workers(3, 5, {{0, {0, 1, 4}}}), false},
        {2, 4, 3, pattern_of_workers(3, 6, {{0, {0, 1, 5}}}), true},
        {2, 5, 3, pattern_of_workers(3, 3, {{0, {0, 1, 2}}}), false},
    };
    for (const auto& c : cases) {
        const auto expected = sgc_test::brute_force_violation(c.pattern, 3, c.B, c.W, c.lambda);
        CHECK(expected.has_value() != c.conforms);
        CHECK(bursty_model(3, c.B, c.W, c.lambda).check(c.pattern) == expected);
    }
}

TEST_CASE("the s-per-round model: the first round with more than s stragglers") {
    const sgc::s_per_round_model model(5, 2);
    CHECK(model.n() == 5);
    CHECK(model.s() == 2);
    CHECK(model.check(sgc::make_pattern(5, {{0, 1}, {}, {2, 3}, {4}})) == std::nullopt);
    CHECK(model.check({}) == std::nullopt);
    const auto v = model.check(sgc::make_pattern(5, {{0, 1}, {0, 1, 2}, {0, 1, 2, 3}}));
    REQUIRE(v);
    CHECK(*v == violation{1, conformance_rule::per_round_limit, 3, 2, 1});
    CHECK(v->message() == "round 1: 3 stragglers exceed s = 2");
    // s-per-round has no memory: the same set may straggle in every round.
    CHECK(model.check(sgc::make_pattern(5, {{3, 4}, {3, 4}, {3, 4}, {3, 4}})) == std::nullopt);
    CHECK(sgc::s_per_round_model(3, 0).check(sgc::make_pattern(3, {{}, {1}})) ==
          violation{1, conformance_rule::per_round_limit, 1, 0, 1});
    CHECK(sgc::s_per_round_model(3, 3).check(sgc::make_pattern(3, {{0, 1, 2}})) == std::nullopt);
}

TEST_CASE("the bursty model with B = W = 1 is the s-per-round model with s = lambda") {
    std::mt19937_64 rng(7);
    for (int trial = 0; trial < 200; ++trial) {
        const auto pattern = sgc_test::random_pattern(5, 6, 0.3, rng);
        const auto bursty = bursty_model(5, 1, 1, 2).check(pattern);
        const auto per_round = sgc::s_per_round_model(5, 2).check(pattern);
        REQUIRE(bursty.has_value() == per_round.has_value());
        if (bursty) {
            CHECK(bursty->round == per_round->round);
            CHECK(bursty->worker == per_round->worker);
            CHECK(bursty->rule == conformance_rule::spatial);
        }
    }
}

TEST_CASE("the bursty model with B = W limits only the distinct stragglers per window") {
    const bursty_model model(4, 3, 3, 2);
    // Two workers straggling in every round never break a burst rule: the window is the limit.
    const std::vector<std::size_t> always{0, 1, 2, 3, 4, 5};
    CHECK(model.check(pattern_of_workers(4, 6, {{0, always}, {1, always}})) == std::nullopt);
    CHECK(model.check(pattern_of_workers(4, 6, {{0, {0, 1, 2, 3}}, {1, {1}}, {2, {3}}})) ==
          violation{3, conformance_rule::spatial, 3, 2, 1});
    CHECK(model.check(pattern_of_workers(4, 6, {{0, {0, 1, 2, 3}}, {1, {1}}, {2, {4}}})) ==
          std::nullopt);
}

TEST_CASE("a violation names its rule") {
    CHECK(std::string(sgc::to_string(conformance_rule::per_round_limit)) == "per_round_limit");
    CHECK(std::string(sgc::to_string(conformance_rule::spatial)) == "spatial");
    CHECK(std::string(sgc::to_string(conformance_rule::temporal)) == "temporal");
}

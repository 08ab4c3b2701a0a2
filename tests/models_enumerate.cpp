// Exhaustive enumeration: exactly the conforming patterns, each once.
#include <doctest/doctest.h>

#include <cstddef>
#include <set>
#include <vector>

#include <sgc/models/bursty.hpp>
#include <sgc/models/enumerate.hpp>
#include <sgc/models/s_per_round.hpp>

#include "models_support.hpp"

namespace {

// A pattern as one number: bit r*n + w is worker w in round r.
unsigned long long encode(const sgc::straggler_pattern& pattern, std::size_t n) {
    unsigned long long code = 0;
    for (std::size_t r = 0; r < pattern.size(); ++r)
        for (std::size_t w : pattern[r]) code |= 1ull << (r * n + w);
    return code;
}

sgc::straggler_pattern decode(unsigned long long code, std::size_t n, std::size_t rounds) {
    sgc::straggler_pattern pattern(rounds, sgc::worker_set(n));
    for (std::size_t r = 0; r < rounds; ++r)
        for (std::size_t w = 0; w < n; ++w)
            if ((code >> (r * n + w)) & 1u) pattern[r].insert(w);
    return pattern;
}

} // namespace

TEST_CASE("enumeration yields exactly the patterns the definition accepts, each once") {
    struct parameters {
        std::size_t n, B, W, lambda, rounds;
    };
    const parameters cases[] = {{3, 1, 2, 2, 4}, {3, 2, 3, 2, 4}, {3, 1, 3, 3, 4},
                                {4, 2, 3, 2, 3}, {3, 2, 2, 1, 4}, {4, 1, 1, 2, 3},
                                {2, 2, 4, 1, 6}, {3, 3, 5, 2, 4}};
    for (const auto& c : cases) {
        CAPTURE(c.n);
        CAPTURE(c.B);
        CAPTURE(c.W);
        CAPTURE(c.lambda);
        std::set<unsigned long long> enumerated;
        std::size_t calls = 0;
        sgc::for_each_conforming_pattern(
            sgc::bursty_model(c.n, c.B, c.W, c.lambda), c.rounds,
            [&](const sgc::straggler_pattern& pattern) {
                REQUIRE(pattern.size() == c.rounds);
                enumerated.insert(encode(pattern, c.n));
                ++calls;
            });
        CHECK(calls == enumerated.size());

        std::set<unsigned long long> expected;
        for (unsigned long long code = 0; code < (1ull << (c.n * c.rounds)); ++code)
            if (!sgc_test::brute_force_violation(decode(code, c.n, c.rounds), c.n, c.B, c.W,
                                                 c.lambda))
                expected.insert(code);
        CHECK(enumerated == expected);
    }
}

TEST_CASE("enumeration under the s-per-round model: (sum of C(n, k) for k <= s)^rounds") {
    std::size_t count = 0;
    sgc::for_each_conforming_pattern(sgc::s_per_round_model(4, 1), 3,
                                     [&](const sgc::straggler_pattern&) { ++count; });
    CHECK(count == 5 * 5 * 5);
    count = 0;
    sgc::for_each_conforming_pattern(sgc::s_per_round_model(5, 2), 2,
                                     [&](const sgc::straggler_pattern&) { ++count; });
    CHECK(count == 16 * 16);
}

TEST_CASE("enumeration over zero rounds yields the empty pattern once") {
    std::vector<std::size_t> sizes;
    sgc::for_each_conforming_pattern(sgc::bursty_model(3, 1, 2, 1), 0,
                                     [&](const sgc::straggler_pattern& p) {
                                         sizes.push_back(p.size());
                                     });
    CHECK(sizes == std::vector<std::size_t>{0});
}

TEST_CASE("enumeration reaches the worked pattern (docs/design.md §3.4) of the (2,3,2) model") {
    const auto target = sgc_test::pattern_of_workers(4, 3, {{0, {1, 2}}, {1, {2}}});
    bool found = false;
    std::size_t count = 0;
    sgc::for_each_conforming_pattern(sgc::bursty_model(4, 2, 3, 2), 3,
                                     [&](const sgc::straggler_pattern& p) {
                                         found = found || p == target;
                                         ++count;
                                     });
    CHECK(found);
    CHECK(count > 0);
}

// Test fixtures for the straggler models: patterns written per worker, and a window-by-window
// conformance checker written from the definition, independently of the library's monitor.
#ifndef SGC_TESTS_MODELS_SUPPORT_HPP
#define SGC_TESTS_MODELS_SUPPORT_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include <sgc/models/pattern.hpp>
#include <sgc/models/violation.hpp>

namespace sgc_test {

// docs/design.md §3.4 writes patterns as the rounds each worker straggles in: {{0, {1, 2}}, {1, {2}}}.
using worker_rounds = std::pair<std::size_t, std::vector<std::size_t>>;
inline sgc::straggler_pattern pattern_of_workers(std::size_t n, std::size_t rounds,
                                                 std::initializer_list<worker_rounds> workers) {
    sgc::straggler_pattern pattern(rounds, sgc::worker_set(n));
    for (const auto& [worker, in_rounds] : workers)
        for (std::size_t r : in_rounds) pattern.at(r).insert(worker);
    return pattern;
}

// The definition: the first round e whose window [e-W+1, e] has more than lambda distinct
// stragglers (reported first) or a worker whose straggling rounds in it span more than B.
inline std::optional<sgc::violation> brute_force_violation(const sgc::straggler_pattern& pattern,
                                                           std::size_t n, std::size_t B,
                                                           std::size_t W, std::size_t lambda) {
    const auto rounds = static_cast<long>(pattern.size());
    for (long e = 0; e < rounds; ++e) {
        const long first = std::max(0L, e - static_cast<long>(W) + 1);
        std::size_t distinct = 0;
        std::optional<sgc::violation> burst;
        for (std::size_t w = 0; w < n; ++w) {
            long lo = -1, hi = -1;
            for (long r = first; r <= e; ++r)
                if (pattern[static_cast<std::size_t>(r)].contains(w)) {
                    if (lo < 0) lo = r;
                    hi = r;
                }
            if (lo < 0) continue;
            ++distinct;
            if (!burst && static_cast<std::size_t>(hi - lo + 1) > B)
                burst = sgc::violation{static_cast<std::size_t>(e), sgc::conformance_rule::temporal,
                                       w, B, static_cast<std::size_t>(lo)};
        }
        if (distinct > lambda)
            return sgc::violation{static_cast<std::size_t>(e), sgc::conformance_rule::spatial,
                                  distinct, lambda, static_cast<std::size_t>(first)};
        if (burst) return burst;
    }
    return std::nullopt;
}

// A random pattern: every worker straggles in every round with probability p.
inline sgc::straggler_pattern random_pattern(std::size_t n, std::size_t rounds, double p,
                                             std::mt19937_64& rng) {
    std::bernoulli_distribution straggles(p);
    sgc::straggler_pattern pattern(rounds, sgc::worker_set(n));
    for (auto& round : pattern)
        for (std::size_t w = 0; w < n; ++w)
            if (straggles(rng)) round.insert(w);
    return pattern;
}

} // namespace sgc_test

// Failed checks print the violation's message.
namespace doctest {
template <> struct StringMaker<std::optional<sgc::violation>> {
    static String convert(const std::optional<sgc::violation>& v) {
        return v ? v->message().c_str() : "conforms";
    }
};
} // namespace doctest

#endif

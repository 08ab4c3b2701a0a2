// Shared test fixtures: random partial gradients, the direct sum, subset enumeration.
#ifndef SGC_TESTS_SUPPORT_HPP
#define SGC_TESTS_SUPPORT_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include <sgc/core/worker_set.hpp>
#include <sgc/gradient/encode.hpp>

namespace sgc_test {

// k partial gradients of length d with entries uniform in [-1, 1).
template <class T>
std::vector<std::vector<T>> random_partials(std::size_t k, std::size_t d, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    std::vector<std::vector<T>> g(k, std::vector<T>(d));
    for (auto& gj : g)
        for (auto& x : gj) x = static_cast<T>(u(rng));
    return g;
}

// The exact reference for a decode: sum_j g_j and sum_j |g_j|, accumulated in long double.
template <class T> struct reference_sum {
    std::vector<long double> sum;
    std::vector<long double> magnitude;

    explicit reference_sum(const std::vector<std::vector<T>>& g)
        : sum(g.front().size(), 0.0L), magnitude(g.front().size(), 0.0L) {
        for (const auto& gj : g)
            for (std::size_t t = 0; t < gj.size(); ++t) {
                sum[t] += gj[t];
                magnitude[t] += std::abs(static_cast<long double>(gj[t]));
            }
    }

    // Error relative to sum_j |g_j|, the scale a floating-point sum is accurate to.
    double relative_error(const std::vector<T>& decoded) const {
        long double err = 0, scale = 0;
        for (std::size_t t = 0; t < sum.size(); ++t) {
            err = std::max(err, std::abs(static_cast<long double>(decoded[t]) - sum[t]));
            scale = std::max(scale, magnitude[t]);
        }
        return static_cast<double>(err / scale);
    }
};

// Every worker's coded result.
template <class Code, class T>
std::vector<std::vector<T>> encode_all(const Code& code, const std::vector<std::vector<T>>& g) {
    std::vector<std::vector<T>> y(code.n(), std::vector<T>(g.front().size()));
    for (std::size_t i = 0; i < code.n(); ++i) sgc::encode(y[i], code, i, g);
    return y;
}

// Calls f(worker_set) for every subset of {0..n-1} of size m.
template <class F> void for_each_subset(std::size_t n, std::size_t m, F&& f) {
    std::vector<char> chosen(n, 0);
    for (std::size_t i = 0; i < m; ++i) chosen[i] = 1;
    do {
        sgc::worker_set set(n);
        for (std::size_t i = 0; i < n; ++i)
            if (chosen[i]) set.insert(i);
        f(set);
    } while (std::prev_permutation(chosen.begin(), chosen.end()));
}

// All workers but a cyclic burst of `length` starting at `start`.
inline sgc::worker_set all_but_burst(std::size_t n, std::size_t start, std::size_t length) {
    auto set = sgc::worker_set::all(n);
    for (std::size_t r = 0; r < length; ++r) set.erase((start + r) % n);
    return set;
}

// All workers but `s` distinct ones drawn at random.
inline sgc::worker_set all_but_random(std::size_t n, std::size_t s, std::mt19937_64& rng) {
    std::vector<std::size_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = i;
    std::shuffle(ids.begin(), ids.end(), rng);
    auto set = sgc::worker_set::all(n);
    for (std::size_t r = 0; r < s; ++r) set.erase(ids[r]);
    return set;
}

} // namespace sgc_test

#endif

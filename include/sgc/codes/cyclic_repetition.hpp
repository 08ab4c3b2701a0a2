#ifndef SGC_CODES_CYCLIC_REPETITION_HPP
#define SGC_CODES_CYCLIC_REPETITION_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "../detail/xtensor_blas.hpp"

#include "../core/dynamic.hpp"
#include "../core/error.hpp"
#include "../core/rational.hpp"
#include "detail/code_facade.hpp"
#include "detail/cyclic_impl.hpp"

namespace sgc {

// Cyclic repetition (Tandon et al.): worker i holds partitions {i, ..., i+s} mod n (k = n).
// H in R^{s x n} with H 1 = 0; row i of E has E[i,i] = 1 and its other s entries v solve
// H[:, S_i \ {i}] v = -H[:, i], so every row lies in null(H), which has dimension n - s and
// contains 1: any n - s responders decode (with probability 1 over H). Load (s+1)/n for every
// (n, s); decoding needs a solve, which the numerical guard checks.
template <std::size_t N = dynamic, std::size_t S = dynamic>
class cyclic_repetition : public detail::code_facade<N, S, detail::cyclic_impl> {
    using base = detail::code_facade<N, S, detail::cyclic_impl>;

public:
    static constexpr std::uint64_t default_seed = 0x5eedc0de;

    static constexpr rational load_for(std::size_t n, std::size_t s) {
        return rational(static_cast<rational::int_type>(s + 1), static_cast<rational::int_type>(n));
    }
    static constexpr std::size_t k_for(std::size_t n, std::size_t /*s*/) noexcept { return n; }

    // H drawn Gaussian from the seed (reproducible across platforms and standard libraries).
    template <std::size_t M = N, std::enable_if_t<M != dynamic, int> = 0>
    explicit cyclic_repetition(std::uint64_t seed = default_seed)
        : cyclic_repetition(typename base::extents_type{}, seed) {}
    // A given H (s x n, rows summing to zero), e.g. to reproduce a published example.
    template <std::size_t M = N, std::enable_if_t<M != dynamic, int> = 0>
    explicit cyclic_repetition(const xt::xtensor<double, 2>& H)
        : cyclic_repetition(typename base::extents_type{}, H) {}

    template <std::size_t M = N, std::enable_if_t<M == dynamic, int> = 0>
    cyclic_repetition(std::size_t n, std::size_t s, std::uint64_t seed = default_seed)
        : cyclic_repetition(typename base::extents_type(n, s, where), seed) {}
    template <std::size_t M = N, std::enable_if_t<M == dynamic, int> = 0>
    cyclic_repetition(std::size_t n, std::size_t s, const xt::xtensor<double, 2>& H)
        : cyclic_repetition(typename base::extents_type(n, s, where), H) {}

    std::uint64_t seed() const noexcept { return seed_; } // 0 when H was given

private:
    static constexpr const char* where = "sgc::cyclic_repetition";

    cyclic_repetition(const typename base::extents_type& e, std::uint64_t seed)
        : base(e, build(e.n(), e.s(), gaussian_h(e.n(), e.s(), seed)), e.s(),
               load_for(e.n(), e.s())),
          seed_(seed) {}
    cyclic_repetition(const typename base::extents_type& e, const xt::xtensor<double, 2>& H)
        : base(e, build(e.n(), e.s(), checked_h(e.n(), e.s(), H)), e.s(), load_for(e.n(), e.s())),
          seed_(0) {}

    static xt::xtensor<double, 2> gaussian_h(std::size_t n, std::size_t s, std::uint64_t seed);
    static const xt::xtensor<double, 2>& checked_h(std::size_t n, std::size_t s,
                                                   const xt::xtensor<double, 2>& H);
    static xt::xtensor<double, 2> build(std::size_t n, std::size_t s,
                                        const xt::xtensor<double, 2>& H);

    std::uint64_t seed_;
};

// ---------------------------------------------------------------------------------------------
// implementation

template <std::size_t N, std::size_t S>
xt::xtensor<double, 2> cyclic_repetition<N, S>::gaussian_h(std::size_t n, std::size_t s,
                                                           std::uint64_t seed) {
    // std::normal_distribution differs between standard libraries; Box-Muller on the
    // standard-specified mt19937_64 stream does not.
    std::mt19937_64 rng(seed);
    const auto uniform = [&rng] { // in (0, 1]
        return (static_cast<double>(rng() >> 11) + 1.0) * 0x1.0p-53;
    };
    auto H = xt::xtensor<double, 2>::from_shape({s, n});
    for (std::size_t r = 0; r < s; ++r) {
        double sum = 0.0;
        for (std::size_t j = 0; j + 1 < n; ++j) {
            const double radius = std::sqrt(-2.0 * std::log(uniform()));
            H(r, j) = radius * std::cos(2.0 * 3.14159265358979323846 * uniform());
            sum += H(r, j);
        }
        H(r, n - 1) = -sum;
    }
    return H;
}

template <std::size_t N, std::size_t S>
const xt::xtensor<double, 2>& cyclic_repetition<N, S>::checked_h(std::size_t n, std::size_t s,
                                                                 const xt::xtensor<double, 2>& H) {
    if (H.shape()[0] != s || H.shape()[1] != n)
        detail::throw_invalid_parameter(where, "H", std::to_string(H.shape()[0]) + "x" +
                                                        std::to_string(H.shape()[1]),
                                        "must be s x n = " + std::to_string(s) + "x" +
                                            std::to_string(n));
    detail::require_finite(H, where, "H");
    for (std::size_t r = 0; r < s; ++r) {
        double sum = 0.0;
        double scale = 0.0;
        for (std::size_t j = 0; j < n; ++j) {
            sum += H(r, j);
            scale += std::abs(H(r, j));
        }
        if (!(std::abs(sum) <= 1e-12 * scale))
            detail::throw_invalid_parameter(where, "H", "row " + std::to_string(r),
                                            "every row of H must sum to zero (H 1 = 0)");
    }
    return H;
}

template <std::size_t N, std::size_t S>
xt::xtensor<double, 2> cyclic_repetition<N, S>::build(std::size_t n, std::size_t s,
                                                      const xt::xtensor<double, 2>& H) {
    auto E = xt::xtensor<double, 2>::from_shape({n, n});
    E.fill(0.0);
    auto Hs = xt::xtensor<double, 2>::from_shape({s, s});
    auto rhs = xt::xtensor<double, 1>::from_shape({s});
    for (std::size_t i = 0; i < n; ++i) {
        E(i, i) = 1.0;
        if (s == 0) continue;
        for (std::size_t r = 0; r < s; ++r) {
            for (std::size_t c = 0; c < s; ++c) Hs(r, c) = H(r, (i + 1 + c) % n);
            rhs(r) = -H(r, i);
        }
        xt::xtensor<double, 1> v;
        try {
            v = xt::linalg::solve(Hs, rhs);
        } catch (const std::runtime_error&) {
            detail::throw_invalid_parameter(where, "H", "column block of row " + std::to_string(i),
                                            "is singular; draw H with another seed");
        }
        for (std::size_t c = 0; c < s; ++c) E(i, (i + 1 + c) % n) = v(c);
    }
    return E;
}

} // namespace sgc

#endif

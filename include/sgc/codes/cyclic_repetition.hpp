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
#include "code_kind.hpp"
#include "detail/code_facade.hpp"
#include "detail/cyclic_impl.hpp"

namespace sgc {

/// Cyclic repetition (Tandon et al., "Gradient Coding", ICML 2017): worker i holds partitions
/// {i, ..., i+s} mod n (k = n). H in R^{s x n} with H 1 = 0; row i of E has E[i,i] = 1 and its
/// other s entries v solve H[:, S_i \ {i}] v = -H[:, i], so every row lies in null(H), which has
/// dimension n - s and contains 1: any n - s responders decode (with probability 1 over H). Load
/// (s+1)/n for every (n, s); decoding needs a solve, which the numerical guard checks. See
/// docs/design.md, section 2.4.
///
/// sgc::cyclic_repetition<12, 3> fixes n and s at compile time; sgc::cyclic_repetition<>(n, s)
/// takes them at run time, and a static code converts to it. Needs BLAS/LAPACK (xtensor-blas).
template <std::size_t N = dynamic, std::size_t S = dynamic>
class cyclic_repetition : public detail::code_facade<N, S, detail::cyclic_impl> {
    using base = detail::code_facade<N, S, detail::cyclic_impl>;
    static_assert(base::rules::template matrix_fits<N>,
                  "sgc::cyclic_repetition<n, s>: the n x n encoding matrix must have at most "
                  "sgc::limits::max_matrix_entries entries");

public:
    /// The run-time form of this code.
    using dynamic_type = cyclic_repetition<>;
    /// The seed used when none is given (sgc::default_code_seed).
    static constexpr std::uint64_t default_seed = default_code_seed;

    /// The load (s + 1)/n of the code with these parameters.
    /// @param n workers, >= 1
    /// @param s stragglers tolerated, < n
    /// @return the normalised load, a fraction of a job's data
    /// @throws arithmetic_error if n = 0
    static constexpr rational load_for(std::size_t n, std::size_t s) {
        return rational(static_cast<rational::int_type>(s + 1), static_cast<rational::int_type>(n));
    }
    /// Partitions k = n.
    /// @param n workers
    /// @return the partitions, n
    static constexpr std::size_t k_for(std::size_t n, std::size_t /*s*/) noexcept { return n; }

    /// The static form, H drawn Gaussian from `seed` (reproducible across platforms and
    /// standard libraries).
    template <bool S_ = base::is_static, std::enable_if_t<S_, int> = 0>
    /// The static form, H drawn Gaussian from `seed` (reproducible across platforms and
    /// standard libraries).
    /// @param seed the seed of H's draw
    /// @throws invalid_parameter if a column block of H is singular (probability 0; draw again with
    ///         another seed)
    explicit cyclic_repetition(std::uint64_t seed = default_seed)
        : base(typename base::static_form{}, build(N, S, gaussian_h(N, S, seed)), S, load_for(N, S)),
          seed_(seed) {}
    /// The static form from a given H (s x n, every row summing to zero), e.g. to reproduce a
    /// published example. @throws sgc::invalid_parameter if H has the wrong shape, a row that
    /// does not sum to zero, or a singular column block.
    template <bool S_ = base::is_static, std::enable_if_t<S_, int> = 0>
    /// The static form from a given H, e.g. to reproduce a published example.
    /// @param H s x n, finite, every row summing to zero
    /// @throws invalid_parameter if H has the wrong shape, a non-finite entry, a row that does not
    ///         sum to zero, or a singular column block
    explicit cyclic_repetition(const xt::xtensor<double, 2>& H)
        : base(typename base::static_form{}, build(N, S, checked_h(N, S, H)), S, load_for(N, S)),
          seed_(0) {}

    /// The run-time form, H drawn from `seed`. @throws sgc::invalid_parameter unless
    /// 1 <= n <= limits::max_n, s < n and n x n fits limits::max_matrix_entries.
    template <bool S_ = base::is_static, std::enable_if_t<!S_, int> = 0>
    /// The run-time form, H drawn Gaussian from `seed`.
    /// @param n workers
    /// @param s stragglers tolerated
    /// @param seed the seed of H's draw
    /// @throws invalid_parameter unless 1 <= n <= limits::max_n, s < n and n x n fits
    ///         limits::max_matrix_entries; or if a column block of H is singular (probability 0)
    cyclic_repetition(std::size_t n, std::size_t s, std::uint64_t seed = default_seed)
        : base(where, n, s, n, build_checked(n, s, seed), s, load_for(n, s)), seed_(seed) {}
    /// The run-time form from a given H; errors as for the static form and the seeded one.
    template <bool S_ = base::is_static, std::enable_if_t<!S_, int> = 0>
    /// The run-time form from a given H.
    /// @param n workers
    /// @param s stragglers tolerated
    /// @param H s x n, finite, every row summing to zero
    /// @throws invalid_parameter for n or s as for the seeded form, and for H as for the static
    ///         form from H
    cyclic_repetition(std::size_t n, std::size_t s, const xt::xtensor<double, 2>& H)
        : base(where, n, s, n, build_checked(n, s, H), s, load_for(n, s)), seed_(0) {}
    /// A static code as its run-time form (shares the implementation).
    template <std::size_t N2, std::size_t S2, bool S_ = base::is_static,
              std::enable_if_t<!S_ && N2 != dynamic, int> = 0>
    /// @param code the static code
    cyclic_repetition(const cyclic_repetition<N2, S2>& code) // NOLINT: implicit
        : base(code), seed_(code.seed()) {}

    /// The seed H was drawn from; 0 when H was given.
    [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }

private:
    static constexpr const char* where = "sgc::cyclic_repetition";

    /// The run-time form validates n and s before building anything of size n x n.
    static xt::xtensor<double, 2> build_checked(std::size_t n, std::size_t s, std::uint64_t seed) {
        detail::check_code_parameters(where, n, s);
        detail::check_matrix_size(where, n, n);
        return build(n, s, gaussian_h(n, s, seed));
    }
    static xt::xtensor<double, 2> build_checked(std::size_t n, std::size_t s,
                                                const xt::xtensor<double, 2>& H) {
        detail::check_code_parameters(where, n, s);
        detail::check_matrix_size(where, n, n);
        return build(n, s, checked_h(n, s, H));
    }
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
        SGC_TRY {
            v = xt::linalg::solve(Hs, rhs);
        } SGC_CATCH(const std::runtime_error&) {
            detail::throw_invalid_parameter(where, "H", "column block of row " + std::to_string(i),
                                            "is singular; draw H with another seed");
        }
        for (std::size_t c = 0; c < s; ++c) E(i, (i + 1 + c) % n) = v(c);
    }
    return E;
}

} // namespace sgc

#endif

#ifndef SGC_CODES_UNEVEN_REPETITION_HPP
#define SGC_CODES_UNEVEN_REPETITION_HPP

#include <cstddef>
#include <type_traits>

#include "../core/dynamic.hpp"
#include "../core/rational.hpp"
#include "detail/repetition_facade.hpp"

namespace sgc {

/// Uneven-group repetition, for any s < n: q = floor(n / (s + 1)) contiguous groups of at least
/// s + 1 workers (the first n mod q groups one larger), the data in q equal parts (k = q), every
/// member of group g computes part g. Load 1/q: (s + 1)/n when (s + 1) divides n, slightly
/// above otherwise. Decodes exactly (coefficients 1) from one responder per group. See
/// docs/design.md#2-gradient-codes.
///
/// sgc::uneven_repetition<12, 3> fixes n and s at compile time; sgc::uneven_repetition<>(n, s)
/// takes them at run time, and a static code converts to it.
template <std::size_t N = dynamic, std::size_t S = dynamic>
class uneven_repetition : public detail::repetition_facade<N, S> {
    using base = detail::repetition_facade<N, S>;
    static_assert(base::rules::template matrix_fits<(S < N ? N / (S + 1) : 0)>,
                  "sgc::uneven_repetition<n, s>: the n x k encoding matrix must have at most "
                  "sgc::limits::max_matrix_entries entries");

public:
    /// The run-time form of this code.
    using dynamic_type = uneven_repetition<>;

    /// The load 1/floor(n / (s + 1)) of the code with these parameters.
    /// @param n workers, >= 1
    /// @param s stragglers tolerated, < n
    /// @return the normalised load, a fraction of a job's data
    static constexpr rational load_for(std::size_t n, std::size_t s) {
        return rational(1, static_cast<rational::int_type>(k_for(n, s)));
    }
    /// Partitions k = floor(n / (s + 1)).
    /// @param n workers
    /// @param s stragglers tolerated
    /// @return the partitions; 0 if s >= n (no such code)
    static constexpr std::size_t k_for(std::size_t n, std::size_t s) noexcept {
        return s < n ? detail::repetition_impl::groups_for(n, s) : 0;
    }

    /// The static form.
    template <bool S_ = base::is_static, std::enable_if_t<S_, int> = 0>
    uneven_repetition() : base(typename base::static_form{}, N, S, 1) {}
    /// The run-time form. @throws sgc::invalid_parameter unless 1 <= n <= limits::max_n and
    /// s < n.
    template <bool S_ = base::is_static, std::enable_if_t<!S_, int> = 0>
    /// The run-time form.
    /// @param n workers
    /// @param s stragglers tolerated
    /// @throws invalid_parameter unless 1 <= n <= limits::max_n and s < n
    uneven_repetition(std::size_t n, std::size_t s)
        : base("sgc::uneven_repetition", n, s, k_for(n, s), n, s, 1) {}
    /// A static code as its run-time form (shares the implementation).
    template <std::size_t N2, std::size_t S2, bool S_ = base::is_static,
              std::enable_if_t<!S_ && N2 != dynamic, int> = 0>
    /// @param code the static code
    uneven_repetition(const uneven_repetition<N2, S2>& code) : base(code) {} // NOLINT: implicit
};

} // namespace sgc

#endif

#ifndef SGC_CODES_FRACTIONAL_REPETITION_HPP
#define SGC_CODES_FRACTIONAL_REPETITION_HPP

#include <cstddef>
#include <string>
#include <type_traits>

#include "../core/dynamic.hpp"
#include "../core/error.hpp"
#include "../core/rational.hpp"
#include "detail/repetition_facade.hpp"

namespace sgc {

/// Fractional repetition (Tandon et al., ICML 2017), for (s + 1) dividing n: n/(s + 1) groups of
/// s + 1 workers; every member of a group sends the plain sum of the group's s + 1 partitions
/// (k = n). Load (s + 1)/n; decodes exactly (coefficients 1) from one responder per group. See
/// docs/design.md#2-gradient-codes.
///
/// sgc::fractional_repetition<12, 3> fixes n and s at compile time;
/// sgc::fractional_repetition<>(n, s) takes them at run time, and a static code converts to it.
template <std::size_t N = dynamic, std::size_t S = dynamic>
class fractional_repetition : public detail::repetition_facade<N, S> {
    using base = detail::repetition_facade<N, S>;
    static_assert(!base::rules::valid || N == dynamic || N % (S + 1) == 0,
                  "sgc::fractional_repetition<n, s>: requires (s + 1) to divide n; use "
                  "sgc::uneven_repetition or sgc::cyclic_repetition for other (n, s)");
    static_assert(base::rules::template matrix_fits<N>,
                  "sgc::fractional_repetition<n, s>: the n x n encoding matrix must have at most "
                  "sgc::limits::max_matrix_entries entries");

public:
    /// The run-time form of this code.
    using dynamic_type = fractional_repetition<>;

    /// The load (s + 1)/n of the code with these parameters.
    /// @param n workers, >= 1
    /// @param s stragglers tolerated, with (s + 1) dividing n
    /// @return the normalised load, a fraction of a job's data
    /// @throws arithmetic_error if n = 0
    static constexpr rational load_for(std::size_t n, std::size_t s) {
        return rational(static_cast<rational::int_type>(s + 1), static_cast<rational::int_type>(n));
    }
    /// Partitions k = n.
    /// @param n workers
    /// @return the partitions, n
    static constexpr std::size_t k_for(std::size_t n, std::size_t /*s*/) noexcept { return n; }

    /// The static form.
    template <bool S_ = base::is_static, std::enable_if_t<S_, int> = 0>
    fractional_repetition() : base(typename base::static_form{}, N, S, S + 1) {}
    /// The run-time form. @throws sgc::invalid_parameter unless 1 <= n <= limits::max_n,
    /// s < n, (s + 1) divides n and n x n fits limits::max_matrix_entries.
    template <bool S_ = base::is_static, std::enable_if_t<!S_, int> = 0>
    /// The run-time form.
    /// @param n workers
    /// @param s stragglers tolerated
    /// @throws invalid_parameter unless 1 <= n <= limits::max_n, s < n, (s + 1) divides n and
    ///         n x n fits limits::max_matrix_entries
    fractional_repetition(std::size_t n, std::size_t s)
        : base("sgc::fractional_repetition", n, checked_s(n, s), n, n, s, s + 1) {}
    /// A static code as its run-time form (shares the implementation).
    template <std::size_t N2, std::size_t S2, bool S_ = base::is_static,
              std::enable_if_t<!S_ && N2 != dynamic, int> = 0>
    /// @param code the static code
    fractional_repetition(const fractional_repetition<N2, S2>& code) : base(code) {} // NOLINT

private:
    static std::size_t checked_s(std::size_t n, std::size_t s) {
        detail::check_code_parameters("sgc::fractional_repetition", n, s);
        if (n % (s + 1) != 0)
            detail::throw_invalid_parameter("sgc::fractional_repetition", "s", std::to_string(s),
                                            "requires (s + 1) to divide n (n = " +
                                                std::to_string(n) + ")");
        return s;
    }
};

} // namespace sgc

#endif

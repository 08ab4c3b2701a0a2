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

// Fractional repetition (Tandon et al.), (s+1) | n: n/(s+1) groups of s+1 workers; every member
// of a group sends the plain sum of the group's s+1 partitions (k = n). Decodes exactly from one
// response per group.
template <std::size_t N = dynamic, std::size_t S = dynamic>
class fractional_repetition : public detail::repetition_facade<N, S> {
    static_assert(N == dynamic || N % (S + 1) == 0,
                  "sgc::fractional_repetition<n, s>: requires (s + 1) to divide n; use "
                  "sgc::uneven_repetition or sgc::cyclic_repetition for other (n, s)");
    using base = detail::repetition_facade<N, S>;

public:
    static constexpr rational load_for(std::size_t n, std::size_t s) {
        return rational(static_cast<rational::int_type>(s + 1), static_cast<rational::int_type>(n));
    }
    static constexpr std::size_t k_for(std::size_t n, std::size_t /*s*/) noexcept { return n; }

    template <std::size_t M = N, std::enable_if_t<M != dynamic, int> = 0>
    fractional_repetition() : base(typename base::extents_type{}, N, S, S + 1) {}

    template <std::size_t M = N, std::enable_if_t<M == dynamic, int> = 0>
    fractional_repetition(std::size_t n, std::size_t s) : base(checked(n, s), n, s, s + 1) {}

private:
    static typename base::extents_type checked(std::size_t n, std::size_t s) {
        typename base::extents_type e(n, s, "sgc::fractional_repetition");
        if (n % (s + 1) != 0)
            detail::throw_invalid_parameter("sgc::fractional_repetition", "s", std::to_string(s),
                                            "requires (s + 1) to divide n (n = " +
                                                std::to_string(n) + ")");
        return e;
    }
};

} // namespace sgc

#endif

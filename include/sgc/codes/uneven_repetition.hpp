#ifndef SGC_CODES_UNEVEN_REPETITION_HPP
#define SGC_CODES_UNEVEN_REPETITION_HPP

#include <cstddef>
#include <type_traits>

#include "../core/dynamic.hpp"
#include "../core/rational.hpp"
#include "detail/repetition_facade.hpp"

namespace sgc {

// Generalised repetition for any s < n: q = floor(n/(s+1)) groups of at least s+1 workers, the
// data in q equal parts (k = q), every member of group g computes part g. Load 1/q, which is
// (s+1)/n when (s+1) | n and slightly above it otherwise; exact in floating point.
template <std::size_t N = dynamic, std::size_t S = dynamic>
class uneven_repetition : public detail::repetition_facade<N, S> {
    using base = detail::repetition_facade<N, S>;

public:
    static constexpr rational load_for(std::size_t n, std::size_t s) {
        return rational(1, static_cast<rational::int_type>(
                               detail::repetition_impl::groups_for(n, s)));
    }
    static constexpr std::size_t k_for(std::size_t n, std::size_t s) noexcept {
        return detail::repetition_impl::groups_for(n, s);
    }

    template <std::size_t M = N, std::enable_if_t<M != dynamic, int> = 0>
    uneven_repetition() : base(typename base::extents_type{}, N, S, 1) {}

    template <std::size_t M = N, std::enable_if_t<M == dynamic, int> = 0>
    uneven_repetition(std::size_t n, std::size_t s)
        : base(typename base::extents_type(n, s, "sgc::uneven_repetition"), n, s, 1) {}
};

} // namespace sgc

#endif

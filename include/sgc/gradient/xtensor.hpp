#ifndef SGC_GRADIENT_XTENSOR_HPP
#define SGC_GRADIENT_XTENSOR_HPP

#include <cstddef>
#include <type_traits>

#include "../detail/xtensor.hpp"

#include "gradient_traits.hpp"

namespace sgc {

/// xt::xtensor<T, 1> of float or double (any storage, any layout: one dimension is always
/// contiguous) is a contiguous gradient. Include <sgc/gradient/xtensor.hpp> for it.
template <class EC, xt::layout_type L, class Tag>
struct gradient_traits<xt::xtensor_container<EC, 1, L, Tag>,
                       std::enable_if_t<detail::is_scalar_v<typename EC::value_type>>>
    : detail::contiguous_gradient_traits<xt::xtensor_container<EC, 1, L, Tag>,
                                         typename EC::value_type> {};

} // namespace sgc

#endif

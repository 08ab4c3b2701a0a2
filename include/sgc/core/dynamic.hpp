#ifndef SGC_CORE_DYNAMIC_HPP
#define SGC_CORE_DYNAMIC_HPP

#include <cstddef>

namespace sgc {

/// Marks a parameter given at run time, as std::dynamic_extent does for std::span.
inline constexpr std::size_t dynamic = static_cast<std::size_t>(-1);

} // namespace sgc

#endif

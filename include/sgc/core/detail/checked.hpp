#ifndef SGC_CORE_DETAIL_CHECKED_HPP
#define SGC_CORE_DETAIL_CHECKED_HPP

#include <cstddef>
#include <limits>

namespace sgc::detail {

// Size arithmetic that cannot wrap: the result, or SIZE_MAX when the exact value does not fit
// (every limit of sgc::limits is far below SIZE_MAX, so a saturated value fails its check).
inline constexpr std::size_t saturated = std::numeric_limits<std::size_t>::max();

constexpr std::size_t checked_add(std::size_t a, std::size_t b) noexcept {
    return b > saturated - a ? saturated : a + b;
}

constexpr std::size_t checked_mul(std::size_t a, std::size_t b) noexcept {
    return a != 0 && b > saturated / a ? saturated : a * b;
}

// round(a * b / c) for c >= 1, b <= c (a fraction of a), without overflow: the product is
// formed in 128 bits where the compiler has them, else in long double (exact up to 2^64).
inline std::size_t mul_div_nearest(std::size_t a, std::size_t b, std::size_t c) noexcept {
#if defined(__SIZEOF_INT128__)
    __extension__ using wide = unsigned __int128;
    return static_cast<std::size_t>((static_cast<wide>(a) * b + c / 2) / c);
#else
    const long double q = static_cast<long double>(a) * b / c;
    return static_cast<std::size_t>(q + 0.5L);
#endif
}

} // namespace sgc::detail

#endif

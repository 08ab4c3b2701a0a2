#ifndef SGC_CORE_DETAIL_CHECKED_HPP
#define SGC_CORE_DETAIL_CHECKED_HPP

#include <cstddef>
#include <cstdint>
#include <limits>

namespace sgc::detail {

/// Size arithmetic that cannot wrap: the result, or SIZE_MAX when the exact value does not fit
/// (every limit of sgc::limits is far below SIZE_MAX, so a saturated value fails its check).
inline constexpr std::size_t saturated = std::numeric_limits<std::size_t>::max();

constexpr std::size_t checked_add(std::size_t a, std::size_t b) noexcept {
    return b > saturated - a ? saturated : a + b;
}

constexpr std::size_t checked_mul(std::size_t a, std::size_t b) noexcept {
    return a != 0 && b > saturated / a ? saturated : a * b;
}

/// round(a * b / c) for c >= 1, b <= c (a fraction of a), without overflow: the product is
/// formed in 128 bits where the compiler has them, else in long double (exact up to 2^64).
inline std::size_t mul_div_nearest(std::size_t a, std::size_t b, std::size_t c) noexcept {
#if defined(__SIZEOF_INT128__)
    __extension__ using wide = unsigned __int128;
    return static_cast<std::size_t>((static_cast<wide>(a) * b + c / 2) / c);
#else
    const long double q = static_cast<long double>(a) * b / c;
    return static_cast<std::size_t>(q + 0.5L);
#endif
}

// Signed int64 arithmetic for sgc::rational, checked and exact, in portable constexpr C++ (no
// compiler builtins, no 128-bit type): checked_add/sub/mul return whether the exact result
// fits int64 and store it in `out` only if it does; product_less compares two products exactly.

inline constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
inline constexpr std::int64_t int64_min = std::numeric_limits<std::int64_t>::min();

[[nodiscard]] constexpr bool checked_add(std::int64_t a, std::int64_t b, std::int64_t& out) noexcept {
    if ((b > 0 && a > int64_max - b) || (b < 0 && a < int64_min - b)) return false;
    out = a + b;
    return true;
}

[[nodiscard]] constexpr bool checked_sub(std::int64_t a, std::int64_t b, std::int64_t& out) noexcept {
    if ((b < 0 && a > int64_max + b) || (b > 0 && a < int64_min + b)) return false;
    out = a - b;
    return true;
}

[[nodiscard]] constexpr bool checked_mul(std::int64_t a, std::int64_t b, std::int64_t& out) noexcept {
    if (a > 0) {
        if (b > 0 ? a > int64_max / b : b < int64_min / a) return false;
    } else if (a < 0) {
        if (b > 0 ? a < int64_min / b : b < int64_max / a) return false;
    }
    out = a * b;
    return true;
}

/// |v| as an unsigned word: exact for int64_min too.
[[nodiscard]] constexpr std::uint64_t magnitude(std::int64_t v) noexcept {
    return v < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
}

/// gcd(a, b) by Euclid; gcd(0, b) = b.
[[nodiscard]] constexpr std::uint64_t gcd_u64(std::uint64_t a, std::uint64_t b) noexcept {
    while (b != 0) {
        const std::uint64_t r = a % b;
        a = b;
        b = r;
    }
    return a;
}

/// The 128-bit product a * b as (high, low) words, from 32-bit halves.
struct wide_u64 {
    std::uint64_t high, low;
};
[[nodiscard]] constexpr wide_u64 multiply_wide(std::uint64_t a, std::uint64_t b) noexcept {
    constexpr std::uint64_t half = 0xffffffffull;
    const std::uint64_t a0 = a & half, a1 = a >> 32, b0 = b & half, b1 = b >> 32;
    const std::uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    const std::uint64_t middle = (p00 >> 32) + (p01 & half) + (p10 & half);
    return {p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32), (p00 & half) | (middle << 32)};
}

/// Exactly a * b < c * d.
[[nodiscard]] constexpr bool product_less(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d) noexcept {
    const auto sign = [](std::int64_t x, std::int64_t y) { // of x * y: -1, 0 or 1
        return (x == 0 || y == 0) ? 0 : ((x < 0) != (y < 0) ? -1 : 1);
    };
    const int left = sign(a, b), right = sign(c, d);
    if (left != right) return left < right;
    if (left == 0) return false;
    const wide_u64 l = multiply_wide(magnitude(a), magnitude(b));
    const wide_u64 r = multiply_wide(magnitude(c), magnitude(d));
    const bool magnitude_less = l.high != r.high ? l.high < r.high : l.low < r.low;
    const bool magnitude_equal = l.high == r.high && l.low == r.low;
    return left > 0 ? magnitude_less : !magnitude_less && !magnitude_equal;
}

} // namespace sgc::detail

#endif

#ifndef SGC_CORE_DETAIL_BITS_HPP
#define SGC_CORE_DETAIL_BITS_HPP

#include <cstdint>

#if defined(__has_include)
#if __has_include(<version>)
#include <version>
#endif
#endif
#if defined(__cpp_lib_bitops)
#include <bit>
#endif

namespace sgc::detail {

// Bit counts of a 64-bit word: C++20 <bit> (countr_zero) or the GCC/Clang builtins where they
// are single instructions, else the portable forms below (which are always compiled, and tested
// against the others).

// Set bits, by summing in ever wider fields (SWAR).
[[nodiscard]] constexpr int popcount_portable(std::uint64_t x) noexcept {
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return static_cast<int>((x * 0x0101010101010101ull) >> 56);
}

// Zero bits below the lowest set bit; 64 for x = 0. (x & -x) - 1 sets exactly those bits.
[[nodiscard]] constexpr int countr_zero_portable(std::uint64_t x) noexcept {
    return x == 0 ? 64 : popcount_portable((x & (0 - x)) - 1);
}

// The builtin (and C++20's std::popcount) is one instruction only where the target has one
// (x86: -mpopcnt, which sgc does not ask of its users); elsewhere GCC calls libgcc's
// __popcountdi2, several times slower than the inline SWAR form.
[[nodiscard]] constexpr int popcount(std::uint64_t x) noexcept {
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__POPCNT__) || !(defined(__x86_64__) || defined(__i386__)))
    return __builtin_popcountll(x);
#else
    return popcount_portable(x);
#endif
}

[[nodiscard]] constexpr int countr_zero(std::uint64_t x) noexcept {
#if defined(__cpp_lib_bitops)
    return std::countr_zero(x);
#elif defined(__GNUC__) || defined(__clang__)
    return x == 0 ? 64 : __builtin_ctzll(x);
#else
    return countr_zero_portable(x);
#endif
}

} // namespace sgc::detail

#endif

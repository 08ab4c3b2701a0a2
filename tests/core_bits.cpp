// The portable core: the bit helpers (C++20 <bit>, builtins or portable loops) and the checked
// int64 arithmetic under sgc::rational, against naive loops and 128-bit reference arithmetic.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <sgc/core/detail/bits.hpp>
#include <sgc/core/detail/checked.hpp>

namespace {

int naive_popcount(std::uint64_t x) {
    int c = 0;
    for (int i = 0; i < 64; ++i) c += static_cast<int>((x >> i) & 1u);
    return c;
}

int naive_countr_zero(std::uint64_t x) {
    for (int i = 0; i < 64; ++i)
        if ((x >> i) & 1u) return i;
    return 64;
}

// Edge words and random words of every density.
std::vector<std::uint64_t> words() {
    std::vector<std::uint64_t> w{0, 1, 2, 3, ~std::uint64_t{0}, std::uint64_t{1} << 63,
                                 0x8000000000000001ull, 0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull};
    for (int i = 0; i < 64; ++i) {
        w.push_back(std::uint64_t{1} << i);
        w.push_back(~std::uint64_t{0} << i);
    }
    std::mt19937_64 rng(42);
    for (int i = 0; i < 3000; ++i) {
        std::uint64_t x = rng();
        for (int thin = i % 4; thin > 0; --thin) x &= rng(); // sparser words too
        w.push_back(x);
    }
    return w;
}

#if defined(__SIZEOF_INT128__)
__extension__ using int128 = __int128;
__extension__ using uint128 = unsigned __int128;

bool fits(int128 v) {
    return v >= std::numeric_limits<std::int64_t>::min() && v <= std::numeric_limits<std::int64_t>::max();
}

// Values where overflow lives: around 0, around +-2^31, +-2^32, +-2^62, and the extremes.
std::vector<std::int64_t> operands() {
    constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
    constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
    std::vector<std::int64_t> v{0, 1, -1, 2, -2, 3, max, max - 1, min, min + 1, max / 2, min / 2};
    for (std::int64_t base : {std::int64_t{1} << 31, std::int64_t{1} << 32, std::int64_t{1} << 62})
        for (std::int64_t d : {-1, 0, 1}) {
            v.push_back(base + d);
            v.push_back(-base + d);
        }
    std::mt19937_64 rng(7);
    for (int i = 0; i < 60; ++i) v.push_back(static_cast<std::int64_t>(rng() >> (rng() % 64)) * (i % 2 ? 1 : -1));
    return v;
}
#endif

} // namespace

TEST_CASE("bits: popcount and countr_zero against a naive loop, in every form") {
    static_assert(sgc::detail::popcount(0xffull) == 8 && sgc::detail::countr_zero(0x100ull) == 8);
    static_assert(sgc::detail::popcount_portable(0xf0f0ull) == 8 &&
                  sgc::detail::countr_zero_portable(0) == 64);
    for (std::uint64_t x : words()) {
        CAPTURE(x);
        const int count = naive_popcount(x), zeros = naive_countr_zero(x);
        CHECK(sgc::detail::popcount(x) == count);
        CHECK(sgc::detail::popcount_portable(x) == count);
        CHECK(sgc::detail::countr_zero(x) == zeros);
        CHECK(sgc::detail::countr_zero_portable(x) == zeros);
    }
}

#if defined(__SIZEOF_INT128__)
TEST_CASE("checked int64: +, -, * succeed exactly when the 128-bit result fits") {
    for (std::int64_t a : operands())
        for (std::int64_t b : operands()) {
            CAPTURE(a);
            CAPTURE(b);
            std::int64_t out = 12345;
            const int128 sum = int128{a} + b, difference = int128{a} - b, product = int128{a} * b;
            CHECK(sgc::detail::checked_add(a, b, out) == fits(sum));
            if (fits(sum)) CHECK(out == sum);
            CHECK(sgc::detail::checked_sub(a, b, out) == fits(difference));
            if (fits(difference)) CHECK(out == difference);
            CHECK(sgc::detail::checked_mul(a, b, out) == fits(product));
            if (fits(product)) CHECK(out == product);
        }
}

TEST_CASE("checked int64: the wide product and the exact comparison of products") {
    const auto v = operands();
    for (std::int64_t a : v)
        for (std::int64_t b : v) {
            const auto wide = sgc::detail::multiply_wide(sgc::detail::magnitude(a), sgc::detail::magnitude(b));
            const uint128 expected = uint128{sgc::detail::magnitude(a)} * sgc::detail::magnitude(b);
            CHECK(wide.high == static_cast<std::uint64_t>(expected >> 64));
            CHECK(wide.low == static_cast<std::uint64_t>(expected));
        }
    std::mt19937_64 rng(3);
    for (int i = 0; i < 20000; ++i) {
        const auto pick = [&] { return v[rng() % v.size()]; };
        const std::int64_t a = pick(), b = pick(), c = pick(), d = pick();
        CAPTURE(a);
        CAPTURE(b);
        CAPTURE(c);
        CAPTURE(d);
        CHECK(sgc::detail::product_less(a, b, c, d) == (int128{a} * b < int128{c} * d));
    }
}
#endif

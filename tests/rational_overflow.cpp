// sgc::rational never wraps: +, -, *, /, negation and the constructor's reduction are exact, or
// throw sgc::arithmetic_error naming the operands when the result does not fit int64. Known
// cases at the limits, then random operands against 128-bit reference arithmetic.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include <sgc/core/rational.hpp>

using sgc::rational;

namespace {

constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();

} // namespace

TEST_CASE("rational overflow: results that do not fit are errors naming the operands") {
    CHECK_THROWS_WITH_AS(rational(max) + rational(1),
                         "sgc::rational: 9223372036854775807/1 + 1/1 does not fit int64",
                         sgc::arithmetic_error);
    CHECK_THROWS_WITH_AS(rational(min) - rational(1),
                         "sgc::rational: -9223372036854775808/1 - 1/1 does not fit int64",
                         sgc::arithmetic_error);
    CHECK_THROWS_WITH_AS(-rational(min), "sgc::rational: -(-9223372036854775808/1) does not fit int64",
                         sgc::arithmetic_error);
    CHECK_THROWS_WITH_AS(rational(max) * rational(2),
                         "sgc::rational: 9223372036854775807/1 * 2/1 does not fit int64",
                         sgc::arithmetic_error);
    CHECK_THROWS_AS(rational(1, 3000000000) * rational(1, 4000000000), sgc::arithmetic_error);
    CHECK_THROWS_AS(rational(max) / rational(1, 2), sgc::arithmetic_error);
    CHECK_THROWS_AS(rational(1, max) - rational(1, max - 1), sgc::arithmetic_error);
    // The constructor: 2^63 fits only as a negative numerator.
    CHECK_THROWS_WITH_AS(rational(min, -1),
                         "sgc::rational: -9223372036854775808/-1 reduced does not fit int64",
                         sgc::arithmetic_error);
    CHECK_THROWS_AS(rational(1, min), sgc::arithmetic_error);
    CHECK_THROWS_AS(rational(-3, min), sgc::arithmetic_error);
}

TEST_CASE("rational overflow: results at the limits that fit are exact") {
    CHECK(rational(max - 1) + rational(1) == rational(max));
    CHECK(rational(min + 1) - rational(1) == rational(min));
    CHECK(rational(-1) - rational(min + 1) == rational(max - 1));
    CHECK(-rational(max) == rational(min + 1));
    CHECK(rational(min, 1).num() == min);
    CHECK(rational(min, min) == rational(1));
    CHECK(rational(2, min) == rational(-1, std::int64_t{1} << 62));
    CHECK(rational(min, 2) == rational(min / 2));
    CHECK(rational(1, max) * rational(max) == rational(1)); // cross-cancelled
    CHECK(rational(2) / rational(min) == rational(-1, std::int64_t{1} << 62));
    CHECK(rational(min) / rational(-2) == rational(std::int64_t{1} << 62));
    CHECK(rational(1, max) + rational(1, max) == rational(2, max));
    CHECK(rational(3, 4) - rational(3, 4) == rational(0));
    // Comparison is exact where the cross products exceed int64.
    CHECK(rational(max, max - 1) < rational(max - 1, max - 2));
    CHECK(rational(-max, max - 1) > rational(-(max - 1), max - 2));
    CHECK(rational(min, max) < rational(-1));
    CHECK_FALSE(rational(max, max - 1) < rational(max, max - 1));
}

#if defined(__SIZEOF_INT128__)
namespace {

__extension__ using int128 = __int128;

int128 gcd128(int128 a, int128 b) {
    if (a < 0) a = -a;
    if (b < 0) b = -b;
    while (b != 0) {
        const int128 r = a % b;
        a = b;
        b = r;
    }
    return a;
}

// The exact reduced fraction n/d (d != 0), if it fits a rational.
bool reference(int128 n, int128 d, rational& out) {
    if (d < 0) {
        n = -n;
        d = -d;
    }
    const int128 g = gcd128(n, d);
    n /= g;
    d /= g;
    if (n < min || n > max || d > max) return false;
    out = rational(static_cast<std::int64_t>(n), static_cast<std::int64_t>(d));
    return true;
}

} // namespace

TEST_CASE("rational overflow: random operands against 128-bit arithmetic") {
    std::mt19937_64 rng(11);
    // Numerators and denominators of 1 to 63 bits: small ones never overflow, large ones often.
    const auto value = [&](bool positive) {
        const int bits = 1 + static_cast<int>(rng() % 63);
        auto v = static_cast<std::int64_t>(rng() >> (64 - bits));
        if (v == 0) v = 1;
        return positive || rng() % 2 ? v : -v;
    };
    std::size_t thrown = 0, exact = 0;
    for (int i = 0; i < 40000; ++i) {
        const rational a(value(false), value(true)), b(value(false), value(true));
        CAPTURE(a);
        CAPTURE(b);
        const int128 an = a.num(), ad = a.den(), bn = b.num(), bd = b.den();
        rational expected;
        const int op = i % 4;
        const bool fits = op == 0   ? reference(an * bd + bn * ad, ad * bd, expected)
                          : op == 1 ? reference(an * bd - bn * ad, ad * bd, expected)
                          : op == 2 ? reference(an * bn, ad * bd, expected)
                                    : reference(an * bd, ad * bn, expected);
        bool threw = false;
        rational got;
        try {
            got = op == 0 ? a + b : op == 1 ? a - b : op == 2 ? a * b : a / b;
        } catch (const sgc::arithmetic_error&) {
            threw = true;
        }
        if (threw) {
            ++thrown;
            // * and / throw exactly when the result does not fit; + and - may also throw when
            // only their unreduced numerator does not (never return a wrong value).
            if (op >= 2) CHECK_FALSE(fits);
        } else {
            ++exact;
            CHECK(fits);
            CHECK(got == expected);
        }
        CHECK((a < b) == (an * bd < bn * ad));
    }
    CHECK(thrown > 1000); // both outcomes are exercised
    CHECK(exact > 1000);
}
#endif

#ifndef SGC_CORE_RATIONAL_HPP
#define SGC_CORE_RATIONAL_HPP

#include <cstdint>
#include <ostream>
#include <string>

#include "../config.hpp"
#include "detail/checked.hpp"
#include "error.hpp"

namespace sgc {

/// An exact fraction of int64 numerator and denominator, for loads: always reduced with a
/// positive denominator, so == is structural. Arithmetic is exact or throws: a result outside
/// int64 is an sgc::arithmetic_error naming the operands, never a wrapped value.
class rational {
public:
    /// The type of numerator and denominator.
    using int_type = std::int64_t;

    /// Zero.
    constexpr rational() noexcept = default;
    /// The integer `num` (num / 1); implicit, so integers convert where a rational is expected.
    /// @param num the numerator
    constexpr rational(int_type num) noexcept : num_(num) {} // NOLINT: integers are rationals
    /// num / den, reduced, with the sign moved to the numerator.
    /// @param num the numerator
    /// @param den the denominator, != 0
    /// @throws arithmetic_error if den = 0, or if the reduced fraction does not fit int64 (its
    ///         denominator or, for a positive value, its numerator is 2^63)
    constexpr rational(int_type num, int_type den);

    /// The numerator (the sign's bearer).
    [[nodiscard]] constexpr int_type num() const noexcept { return num_; }
    /// The denominator, >= 1.
    [[nodiscard]] constexpr int_type den() const noexcept { return den_; }
    /// The nearest double.
    [[nodiscard]] constexpr double value() const noexcept {
        return static_cast<double>(num_) / static_cast<double>(den_);
    }
    /// The nearest double, as value().
    explicit constexpr operator double() const noexcept { return value(); }

    /// a + b, exact and reduced.
    /// @throws arithmetic_error naming both operands if the result, or the numerator before the
    ///         final reduction (at most lcm-sized), does not fit int64
    [[nodiscard]] friend constexpr rational operator+(rational a, rational b) { return add(a, b, false); }
    /// a - b, exact and reduced.
    /// @throws arithmetic_error naming both operands if the result, or the numerator before the
    ///         final reduction (at most lcm-sized), does not fit int64
    [[nodiscard]] friend constexpr rational operator-(rational a, rational b) { return add(a, b, true); }
    /// -a.
    /// @throws arithmetic_error for a numerator of -2^63, whose negation does not fit int64
    [[nodiscard]] friend constexpr rational operator-(rational a) {
        if (a.num_ == detail::int64_min) negation_overflow(a);
        return raw(-a.num_, a.den_);
    }
    /// a * b, exact and reduced (cross-cancelled first, so it throws only when the result itself
    /// does not fit).
    /// @throws arithmetic_error naming both operands if the result does not fit int64
    friend constexpr rational operator*(rational a, rational b);
    /// a / b, exact and reduced.
    /// @throws arithmetic_error on division by zero (b = 0), or naming both operands if the result
    ///         does not fit int64
    friend constexpr rational operator/(rational a, rational b);

    /// Equality: structural, as both sides are reduced.
    [[nodiscard]] friend constexpr bool operator==(rational a, rational b) noexcept {
        return a.num_ == b.num_ && a.den_ == b.den_;
    }
    /// Inequality.
    [[nodiscard]] friend constexpr bool operator!=(rational a, rational b) noexcept { return !(a == b); }
    /// Exact order (cross products compared exactly: no overflow, no rounding).
    [[nodiscard]] friend constexpr bool operator<(rational a, rational b) noexcept {
        return detail::product_less(a.num_, b.den_, b.num_, a.den_); // exact, no overflow
    }
    /// Exact order: b < a.
    [[nodiscard]] friend constexpr bool operator>(rational a, rational b) noexcept { return b < a; }
    /// Exact order: !(b < a).
    [[nodiscard]] friend constexpr bool operator<=(rational a, rational b) noexcept { return !(b < a); }
    /// Exact order: !(a < b).
    [[nodiscard]] friend constexpr bool operator>=(rational a, rational b) noexcept { return !(a < b); }

private:
    static constexpr rational raw(int_type num, int_type den) noexcept {
        rational r;
        r.num_ = num;
        r.den_ = den;
        return r;
    }
    static constexpr rational add(rational a, rational b, bool subtract);
    /// Out of line and cold: the messages name the operands.
    [[noreturn]] static void overflow(const char* op, rational a, rational b);
    [[noreturn]] static void negation_overflow(rational a);
    [[noreturn]] static void division_by_zero(rational a);
    [[noreturn]] static void bad_fraction(int_type num, int_type den);

    int_type num_ = 0;
    int_type den_ = 1;
};

/// The text form "num/den", e.g. "7/928"; whole numbers keep the "/1" so the form is always
/// num/den.
/// @param r the fraction
/// @return the text
[[nodiscard]] inline std::string to_string(rational r) {
    return std::to_string(r.num()) + "/" + std::to_string(r.den());
}

/// Writes to_string(r) to `os`.
/// @return os
inline std::ostream& operator<<(std::ostream& os, rational r) { return os << to_string(r); }

// ---------------------------------------------------------------------------------------------
// implementation

// Reduced through the magnitudes, so that -2^63 takes part like any other value.
constexpr rational::rational(int_type num, int_type den) {
    if (den == 0) bad_fraction(num, den);
    const bool negative = (num < 0) != (den < 0);
    std::uint64_t n = detail::magnitude(num), d = detail::magnitude(den);
    const std::uint64_t g = detail::gcd_u64(n, d); // >= 1: d != 0
    n /= g;
    d /= g;
    constexpr auto max = static_cast<std::uint64_t>(detail::int64_max);
    if (d > max || n > max + (negative ? 1 : 0)) bad_fraction(num, den);
    num_ = n > max ? detail::int64_min
                   : (negative ? -static_cast<int_type>(n) : static_cast<int_type>(n));
    den_ = static_cast<int_type>(d);
}

// Knuth's sum of reduced fractions (TAOCP vol. 2, 4.5.1): with g = gcd(a.den, b.den), the
// sum's numerator t = a.num (b.den / g) ± b.num (a.den / g) shares only factors of g with the
// result's denominator, so one more gcd reduces it.
constexpr rational rational::add(rational a, rational b, bool subtract) {
    const char* op = subtract ? "-" : "+";
    const auto g = static_cast<int_type>(detail::gcd_u64(static_cast<std::uint64_t>(a.den_),
                                                         static_cast<std::uint64_t>(b.den_)));
    const int_type a_part = a.den_ / g, b_part = b.den_ / g;
    int_type left = 0, right = 0, t = 0;
    if (!detail::checked_mul(a.num_, b_part, left) || !detail::checked_mul(b.num_, a_part, right) ||
        !(subtract ? detail::checked_sub(left, right, t) : detail::checked_add(left, right, t)))
        overflow(op, a, b);
    const auto g2 = static_cast<int_type>(detail::gcd_u64(detail::magnitude(t), static_cast<std::uint64_t>(g)));
    int_type den = 0;
    if (!detail::checked_mul(a_part, b.den_ / g2, den)) overflow(op, a, b);
    return raw(t / g2, den);
}

// Cross-cancelled first, so that the products are the reduced result's own terms: they
// overflow only if the result does not fit.
[[nodiscard]] constexpr rational operator*(rational a, rational b) {
    const auto g1 = static_cast<rational::int_type>(
        detail::gcd_u64(detail::magnitude(a.num_), static_cast<std::uint64_t>(b.den_)));
    const auto g2 = static_cast<rational::int_type>(
        detail::gcd_u64(detail::magnitude(b.num_), static_cast<std::uint64_t>(a.den_)));
    rational::int_type num = 0, den = 0;
    if (!detail::checked_mul(a.num_ / g1, b.num_ / g2, num) ||
        !detail::checked_mul(a.den_ / g2, b.den_ / g1, den))
        rational::overflow("*", a, b);
    return rational::raw(num, den);
}

// a / b = (a.num b.den) / (a.den b.num), cross-cancelled like the product; the sign moves to
// the numerator at the end.
[[nodiscard]] constexpr rational operator/(rational a, rational b) {
    if (b.num_ == 0) rational::division_by_zero(a);
    const auto g1 = static_cast<rational::int_type>(
        detail::gcd_u64(detail::magnitude(a.num_), detail::magnitude(b.num_)));
    const auto g2 = static_cast<rational::int_type>(
        detail::gcd_u64(static_cast<std::uint64_t>(a.den_), static_cast<std::uint64_t>(b.den_)));
    rational::int_type num = 0, den = 0;
    if (!detail::checked_mul(a.num_ / g1, b.den_ / g2, num) ||
        !detail::checked_mul(a.den_ / g2, b.num_ / g1, den))
        rational::overflow("/", a, b);
    if (den < 0) {
        if (num == detail::int64_min || den == detail::int64_min) rational::overflow("/", a, b);
        num = -num;
        den = -den;
    }
    return rational::raw(num, den);
}

SGC_NOINLINE SGC_COLD inline void rational::overflow(const char* op, rational a, rational b) {
    SGC_THROW(arithmetic_error("sgc::rational: " + to_string(a) + " " + op + " " + to_string(b) +
                               " does not fit int64"));
}

SGC_NOINLINE SGC_COLD inline void rational::negation_overflow(rational a) {
    SGC_THROW(arithmetic_error("sgc::rational: -(" + to_string(a) + ") does not fit int64"));
}

SGC_NOINLINE SGC_COLD inline void rational::division_by_zero(rational a) {
    SGC_THROW(arithmetic_error("sgc::rational: division by zero: " + to_string(a) + " / 0"));
}

SGC_NOINLINE SGC_COLD inline void rational::bad_fraction(int_type num, int_type den) {
    if (den == 0)
        SGC_THROW(arithmetic_error("sgc::rational: denominator = 0 (numerator " +
                                   std::to_string(num) + ")"));
    SGC_THROW(arithmetic_error("sgc::rational: " + std::to_string(num) + "/" + std::to_string(den) +
                               " reduced does not fit int64"));
}

} // namespace sgc

#endif

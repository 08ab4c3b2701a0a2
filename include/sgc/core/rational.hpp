#ifndef SGC_CORE_RATIONAL_HPP
#define SGC_CORE_RATIONAL_HPP

#include <cstdint>
#include <numeric>
#include <ostream>
#include <string>

#include "../config.hpp"
#include "error.hpp"

namespace sgc {

// Exact normalized loads: always reduced, denominator positive, so == is structural.
class rational {
public:
    using int_type = std::int64_t;

    constexpr rational() noexcept = default;
    constexpr rational(int_type num) noexcept : num_(num) {} // NOLINT: integers are rationals
    constexpr rational(int_type num, int_type den) : num_(num), den_(den) {
        if (den_ == 0) SGC_THROW(arithmetic_error("sgc::rational: denominator = 0 (numerator " +
                                                  std::to_string(num) + ")"));
        normalize();
    }

    constexpr int_type num() const noexcept { return num_; }
    constexpr int_type den() const noexcept { return den_; }
    constexpr double value() const noexcept {
        return static_cast<double>(num_) / static_cast<double>(den_);
    }
    explicit constexpr operator double() const noexcept { return value(); }

    friend constexpr rational operator+(rational a, rational b) {
        const int_type g = std::gcd(a.den_, b.den_);
        return {a.num_ * (b.den_ / g) + b.num_ * (a.den_ / g), a.den_ / g * b.den_};
    }
    friend constexpr rational operator-(rational a) noexcept { return raw(-a.num_, a.den_); }
    friend constexpr rational operator-(rational a, rational b) { return a + (-b); }
    friend constexpr rational operator*(rational a, rational b) {
        // Cross-cancel first so that products of reduced loads stay small.
        const int_type g1 = std::gcd(a.num_, b.den_);
        const int_type g2 = std::gcd(b.num_, a.den_);
        const int_type d1 = g1 == 0 ? 1 : g1;
        const int_type d2 = g2 == 0 ? 1 : g2;
        return {(a.num_ / d1) * (b.num_ / d2), (a.den_ / d2) * (b.den_ / d1)};
    }
    friend constexpr rational operator/(rational a, rational b) {
        if (b.num_ == 0)
            SGC_THROW(arithmetic_error("sgc::rational: division by zero: " + std::to_string(a.num_) +
                                       "/" + std::to_string(a.den_) + " / 0"));
        return a * rational(b.den_, b.num_);
    }

    friend constexpr bool operator==(rational a, rational b) noexcept {
        return a.num_ == b.num_ && a.den_ == b.den_;
    }
    friend constexpr bool operator!=(rational a, rational b) noexcept { return !(a == b); }
    friend constexpr bool operator<(rational a, rational b) noexcept {
        return static_cast<wide>(a.num_) * b.den_ < static_cast<wide>(b.num_) * a.den_;
    }
    friend constexpr bool operator>(rational a, rational b) noexcept { return b < a; }
    friend constexpr bool operator<=(rational a, rational b) noexcept { return !(b < a); }
    friend constexpr bool operator>=(rational a, rational b) noexcept { return !(a < b); }

private:
#if defined(__SIZEOF_INT128__)
    __extension__ using wide = __int128; // products of two int64 never overflow
#else
    using wide = long double;
#endif
    static constexpr rational raw(int_type num, int_type den) noexcept {
        rational r;
        r.num_ = num;
        r.den_ = den;
        return r;
    }
    constexpr void normalize() noexcept {
        if (den_ < 0) {
            num_ = -num_;
            den_ = -den_;
        }
        const int_type g = std::gcd(num_, den_);
        if (g > 1) {
            num_ /= g;
            den_ /= g;
        }
    }

    int_type num_ = 0;
    int_type den_ = 1;
};

// "7/928"; whole numbers keep the "/1" so the form is always num/den.
inline std::string to_string(rational r) {
    return std::to_string(r.num()) + "/" + std::to_string(r.den());
}

inline std::ostream& operator<<(std::ostream& os, rational r) { return os << to_string(r); }

} // namespace sgc

#endif

#ifndef SGC_SCHEMES_DETAIL_BURSTY_EXTENTS_HPP
#define SGC_SCHEMES_DETAIL_BURSTY_EXTENTS_HPP

#include <cstddef>
#include <string>

#include "../../core/dynamic.hpp"
#include "../../core/error.hpp"
#include "../../models/bursty.hpp"

namespace sgc::detail {

// n, B, W, lambda of a scheme for the (B, W, lambda)-bursty model: all fixed at compile time,
// or all given at run time. The rules belong to each scheme.
template <std::size_t Nv, std::size_t Bv, std::size_t Wv, std::size_t Lv> struct bursty_extents {
    static_assert(Nv != dynamic && Bv != dynamic && Wv != dynamic && Lv != dynamic,
                  "sgc scheme: give all of n, B, W, lambda at compile time, or none (sgc::dynamic)");
    static constexpr bool is_static = true;
    static constexpr std::size_t n() noexcept { return Nv; }
    static constexpr std::size_t B() noexcept { return Bv; }
    static constexpr std::size_t W() noexcept { return Wv; }
    static constexpr std::size_t lambda() noexcept { return Lv; }
    // The straggler model the scheme tolerates.
    static bursty_model model() { return bursty_model(Nv, Bv, Wv, Lv); }
};

template <> struct bursty_extents<dynamic, dynamic, dynamic, dynamic> {
    static constexpr bool is_static = false;
    bursty_extents(std::size_t n, std::size_t B, std::size_t W, std::size_t lambda) noexcept
        : n_(n), B_(B), W_(W), lambda_(lambda) {}
    std::size_t n() const noexcept { return n_; }
    std::size_t B() const noexcept { return B_; }
    std::size_t W() const noexcept { return W_; }
    std::size_t lambda() const noexcept { return lambda_; }
    bursty_model model() const { return bursty_model(n_, B_, W_, lambda_); }

private:
    std::size_t n_, B_, W_, lambda_;
};

// The rules SR-SGC and M-SGC share: n >= 1, 1 <= B <= W - 1, 1 <= lambda <= n.
inline void check_bursty_scheme(const char* where, std::size_t n, std::size_t B, std::size_t W,
                                std::size_t lambda) {
    require(n >= 1, where, "n", n, "requires n >= 1");
    require(B >= 1, where, "B", B, "requires B >= 1");
    if (W < B + 1)
        throw_invalid_parameter(where, "W", std::to_string(W),
                                "requires W >= B + 1 (B = " + std::to_string(B) + ")");
    if (lambda < 1 || lambda > n)
        throw_invalid_parameter(where, "lambda", std::to_string(lambda),
                                "requires 1 <= lambda <= n (n = " + std::to_string(n) + ")");
}

} // namespace sgc::detail

#endif

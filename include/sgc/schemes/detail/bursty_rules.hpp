#ifndef SGC_SCHEMES_DETAIL_BURSTY_RULES_HPP
#define SGC_SCHEMES_DETAIL_BURSTY_RULES_HPP

#include <cstddef>
#include <string>

#include "../../core/detail/checked.hpp"
#include "../../core/dynamic.hpp"
#include "../../core/error.hpp"
#include "../../core/limits.hpp"

namespace sgc::detail {

/// The rules SR-SGC and M-SGC share on (n, B, W, lambda), in order. Each holds trivially once an
/// earlier one is broken, so the static form reports the first broken rule alone; `valid` says
/// all hold. Written without wrapping (W > B, not W >= B + 1).
template <std::size_t N, std::size_t B, std::size_t W, std::size_t Lambda> struct bursty_rules {
    static constexpr bool is_dynamic = N == dynamic && B == dynamic && W == dynamic && Lambda == dynamic;
    static constexpr bool is_static = N != dynamic && B != dynamic && W != dynamic && Lambda != dynamic;
    static constexpr bool same_form = is_dynamic || is_static;
    static constexpr bool n_positive = !same_form || is_dynamic || N >= 1;
    static constexpr bool n_within_limit = !n_positive || !same_form || is_dynamic || N <= limits::max_n;
    static constexpr bool prior_n = same_form && n_positive && n_within_limit;
    static constexpr bool B_positive = !prior_n || is_dynamic || B >= 1;
    static constexpr bool W_above_B = !(prior_n && B_positive) || is_dynamic || W > B;
    static constexpr bool W_within_limit =
        !(prior_n && B_positive && W_above_B) || is_dynamic || W <= limits::max_window;
    static constexpr bool prior_W = prior_n && B_positive && W_above_B && W_within_limit;
    static constexpr bool lambda_in_range = !prior_W || is_dynamic || (Lambda >= 1 && Lambda <= N);
    static constexpr bool valid = prior_W && lambda_in_range;
};

// The static_asserts of bursty_rules, with the scheme's name ("sgc::m_sgc<n, B, W, lambda>: ")
// in front of each message.
#define SGC_DETAIL_BURSTY_STATIC_ASSERTS(rules, name)                                              \
    static_assert(rules::same_form, "sgc scheme: give all of n, B, W, lambda at compile time, "    \
                                    "or none (sgc::dynamic)");                                     \
    static_assert(rules::n_positive, name "requires n >= 1");                                      \
    static_assert(rules::n_within_limit, name "requires n <= sgc::limits::max_n");                 \
    static_assert(rules::B_positive, name "requires B >= 1");                                      \
    static_assert(rules::W_above_B, name "requires W >= B + 1");                                   \
    static_assert(rules::W_within_limit, name "requires W <= sgc::limits::max_window");            \
    static_assert(rules::lambda_in_range, name "requires 1 <= lambda <= n")

/// The run-time form's checks of the same rules.
inline void check_bursty_scheme(const char* where, std::size_t n, std::size_t B, std::size_t W,
                                std::size_t lambda) {
    require(n >= 1, where, "n", n, "requires n >= 1");
    if (SGC_UNLIKELY(n > limits::max_n))
        throw_invalid_parameter(where, "n", std::to_string(n),
                                "exceeds the limit of " + std::to_string(limits::max_n) +
                                    " workers (sgc::limits::max_n)");
    require(B >= 1, where, "B", B, "requires B >= 1");
    if (SGC_UNLIKELY(W <= B))
        throw_invalid_parameter(where, "W", std::to_string(W),
                                "requires W >= B + 1 (B = " + std::to_string(B) + ")");
    if (SGC_UNLIKELY(W > limits::max_window))
        throw_invalid_parameter(where, "W", std::to_string(W),
                                "exceeds the limit of " + std::to_string(limits::max_window) +
                                    " rounds (sgc::limits::max_window)");
    if (SGC_UNLIKELY(lambda < 1 || lambda > n))
        throw_invalid_parameter(where, "lambda", std::to_string(lambda),
                                "requires 1 <= lambda <= n (n = " + std::to_string(n) + ")");
}

} // namespace sgc::detail

#endif

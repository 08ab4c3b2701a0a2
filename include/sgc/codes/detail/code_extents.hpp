#ifndef SGC_CODES_CODE_EXTENTS_HPP
#define SGC_CODES_CODE_EXTENTS_HPP

#include <cstddef>
#include <string>

#include "../../core/dynamic.hpp"
#include "../../core/error.hpp"

namespace sgc::detail {

// n and s of an (n, s) gradient code, fixed at compile time or given at run time.
template <std::size_t N, std::size_t S> struct code_extents {
    static_assert(N != dynamic && S != dynamic,
                  "sgc gradient code: give both n and s at compile time, or neither (sgc::dynamic)");
    static_assert(N >= 1, "sgc gradient code: n (number of workers) must be >= 1");
    static_assert(S < N, "sgc gradient code: s (stragglers tolerated) must satisfy s < n");

    static constexpr bool is_static = true;
    static constexpr std::size_t n() noexcept { return N; }
    static constexpr std::size_t s() noexcept { return S; }
};

template <> struct code_extents<dynamic, dynamic> {
    static constexpr bool is_static = false;
    constexpr std::size_t n() const noexcept { return n_; }
    constexpr std::size_t s() const noexcept { return s_; }

    code_extents(std::size_t n, std::size_t s, const char* where) : n_(n), s_(s) {
        require(n >= 1, where, "n", n, "the number of workers must be >= 1");
        if (s >= n)
            throw_invalid_parameter(where, "s", std::to_string(s),
                                    "must satisfy s < n (n = " + std::to_string(n) + ")");
    }

private:
    std::size_t n_;
    std::size_t s_;
};

} // namespace sgc::detail

#endif

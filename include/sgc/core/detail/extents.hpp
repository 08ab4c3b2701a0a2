#ifndef SGC_CORE_DETAIL_EXTENTS_HPP
#define SGC_CORE_DETAIL_EXTENTS_HPP

#include <array>
#include <cstddef>
#include <type_traits>

#include "../dynamic.hpp"

namespace sgc::detail {

/// The parameters of a code or a scheme, as mdspan's extents: each value is fixed by the type
/// (a template argument) or given at run time (sgc::dynamic), all of them one way or the other.
/// One implementation for both forms: static values are constants of the type, run-time ones
/// are stored, and get<I>() reads either.
template <std::size_t... Vs> class extents {
public:
    /// The number of parameters.
    static constexpr std::size_t rank = sizeof...(Vs);
    /// True when every parameter is a template argument (the compile-time form).
    static constexpr bool is_static = ((Vs != dynamic) && ...);
    /// True when every parameter is given at run time (the run-time form).
    static constexpr bool is_dynamic = ((Vs == dynamic) && ...);

    /// The static form (or the run-time form with every value 0, to assign to).
    constexpr extents() noexcept = default;
    /// The run-time values, in order (the dynamic form only).
    template <class... I, std::enable_if_t<sizeof...(I) == rank && !is_static, int> = 0>
    constexpr explicit extents(I... values) noexcept
        : values_{static_cast<std::size_t>(values)...} {}

    /// Value I: a constant expression of the type in the static form, a member read otherwise.
    template <std::size_t I, bool S = is_static, std::enable_if_t<S, int> = 0>
    static constexpr std::size_t get() noexcept {
        constexpr std::size_t values[] = {Vs...};
        return values[I];
    }
    template <std::size_t I, bool S = is_static, std::enable_if_t<!S, int> = 0>
    constexpr std::size_t get() const noexcept {
        return values_[I];
    }

private:
    std::array<std::size_t, is_static ? 0 : rank> values_{};
};

} // namespace sgc::detail

// Declares `type name()` from one expression: a static constexpr function of the class in its
// static form (sgc::m_sgc<256, 1, 2, 27>::T() is a constant expression) and a const member in
// its run-time form. The class defines `is_static`; the expression may call the class's other
// values and extents::get.
#define SGC_DETAIL_VALUE(type, name, ...)                                                          \
    template <bool sgc_static_ = is_static, std::enable_if_t<sgc_static_, int> = 0>                \
    [[nodiscard]] static constexpr type name() {                                                   \
        return __VA_ARGS__;                                                                        \
    }                                                                                              \
    template <bool sgc_static_ = is_static, std::enable_if_t<!sgc_static_, int> = 0>               \
    [[nodiscard]] type name() const {                                                              \
        return __VA_ARGS__;                                                                        \
    }

#endif

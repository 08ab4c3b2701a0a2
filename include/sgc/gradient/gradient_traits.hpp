#ifndef SGC_GRADIENT_GRADIENT_TRAITS_HPP
#define SGC_GRADIENT_GRADIENT_TRAITS_HPP

#include <array>
#include <cstddef>
#include <type_traits>
#include <vector>

#include "gradient_view.hpp"

#if defined(__has_include)
#if __has_include(<version>)
#include <version>
#endif
#endif
#if defined(__cpp_lib_span)
#include <span>
#endif

namespace sgc {

/// The customisation point for gradient types. A specialisation provides
///
///     using value_type = double;  // the scalar type: float or double
///     static std::size_t size(const G&);
///     static void fill_zero(G&);
///     static void axpy(value_type a, const G& x, G& y);   // y += a x
///
/// and, for contiguous storage (this selects the fused kernels),
///
///     static value_type* data(G&);  static const value_type* data(const G&);
///
/// The primary template is empty: a type without a specialisation is not a gradient.
template <class G, class Enable = void> struct gradient_traits {};

namespace detail {

/// Shared by every contiguous container: the generic operations in terms of data() and size.
template <class G, class T> struct contiguous_gradient_traits {
    /// The scalar type.
    using value_type = T;
    /// The length d of g.
    static std::size_t size(const G& g) noexcept { return g.size(); }
    /// g's contiguous elements.
    static T* data(G& g) noexcept { return g.data(); }
    /// g's contiguous elements, read-only.
    static const T* data(const G& g) noexcept { return g.data(); }
    /// Sets every element of g to 0.
    static void fill_zero(G& g) noexcept {
        T* p = g.data();
        for (std::size_t i = 0, d = g.size(); i < d; ++i) p[i] = T(0);
    }
    /// y += a x, elementwise (x and y of the same length).
    static void axpy(T a, const G& x, G& y) noexcept {
        const T* px = x.data();
        T* py = y.data();
        for (std::size_t i = 0, d = y.size(); i < d; ++i) py[i] += a * px[i];
    }
};

template <class T> inline constexpr bool is_scalar_v = std::is_floating_point_v<T>;

} // namespace detail

template <class T, class A>
/// std::vector<float> and std::vector<double> are contiguous gradients.
struct gradient_traits<std::vector<T, A>, std::enable_if_t<detail::is_scalar_v<T>>>
    : detail::contiguous_gradient_traits<std::vector<T, A>, T> {};

template <class T, std::size_t D>
/// std::array<float, D> and std::array<double, D> are contiguous gradients.
struct gradient_traits<std::array<T, D>, std::enable_if_t<detail::is_scalar_v<T>>>
    : detail::contiguous_gradient_traits<std::array<T, D>, T> {};

template <class T>
/// sgc::gradient_view<T> over float or double memory is a contiguous gradient; a view of const
/// elements can only be read (an input, not an output).
struct gradient_traits<gradient_view<T>, std::enable_if_t<detail::is_scalar_v<std::remove_const_t<T>>>> {
    using value_type = std::remove_const_t<T>; ///< float or double
    /// The view's length.
    static std::size_t size(const gradient_view<T>& g) noexcept { return g.size(); }
    /// A view's constness is not its elements' constness.
    static T* data(const gradient_view<T>& g) noexcept { return g.data(); }
    /// Sets the viewed elements to 0.
    static void fill_zero(const gradient_view<T>& g) noexcept {
        for (auto& x : g) x = value_type(0);
    }
    /// y += a x, elementwise, over y's length (x at least as long).
    static void axpy(value_type a, const gradient_view<T>& x, const gradient_view<T>& y) noexcept {
        for (std::size_t i = 0; i < y.size(); ++i) y[i] += a * x[i];
    }
};

#if defined(__cpp_lib_span)
template <class T, std::size_t D>
/// std::span of float or double (C++20) is a contiguous gradient, as gradient_view.
struct gradient_traits<std::span<T, D>, std::enable_if_t<detail::is_scalar_v<std::remove_const_t<T>>>> {
    using value_type = std::remove_const_t<T>;
    static std::size_t size(const std::span<T, D>& g) noexcept { return g.size(); }
    static T* data(const std::span<T, D>& g) noexcept { return g.data(); }
    static void fill_zero(const std::span<T, D>& g) noexcept {
        for (auto& x : g) x = value_type(0);
    }
    static void axpy(value_type a, const std::span<T, D>& x, const std::span<T, D>& y) noexcept {
        for (std::size_t i = 0; i < y.size(); ++i) y[i] += a * x[i];
    }
};
#endif

namespace detail {

template <class G, class = void> struct has_gradient_traits : std::false_type {};
template <class G>
struct has_gradient_traits<
    G, std::void_t<typename gradient_traits<G>::value_type,
                   decltype(gradient_traits<G>::size(std::declval<const G&>())),
                   decltype(gradient_traits<G>::fill_zero(std::declval<G&>())),
                   decltype(gradient_traits<G>::axpy(
                       std::declval<typename gradient_traits<G>::value_type>(),
                       std::declval<const G&>(), std::declval<G&>()))>> : std::true_type {};

template <class G, class = void> struct has_contiguous_data : std::false_type {};
template <class G>
struct has_contiguous_data<G, std::void_t<decltype(gradient_traits<G>::data(std::declval<const G&>()))>>
    : std::true_type {};

} // namespace detail

/// True when G can be encoded, combined and decoded.
template <class G> inline constexpr bool is_gradient_v = detail::has_gradient_traits<G>::value;
/// True when G also exposes contiguous storage (the fused kernels apply).
template <class G>
inline constexpr bool is_contiguous_gradient_v =
    is_gradient_v<G> && detail::has_contiguous_data<G>::value;

} // namespace sgc

#endif

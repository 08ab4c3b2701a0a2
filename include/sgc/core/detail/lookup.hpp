#ifndef SGC_CORE_DETAIL_LOOKUP_HPP
#define SGC_CORE_DETAIL_LOOKUP_HPP

#include <cstddef>
#include <functional>
#include <memory>
#include <type_traits>

namespace sgc::detail {

template <class T> struct is_reference_wrapper : std::false_type {};
template <class T> struct is_reference_wrapper<std::reference_wrapper<T>> : std::true_type {};

/// The gradient behind an input: the gradient itself, a pointer to it, or a reference_wrapper.
template <class X> decltype(auto) deref(const X& x) {
    if constexpr (std::is_pointer_v<X>)
        return *x;
    else if constexpr (is_reference_wrapper<X>::value)
        return x.get();
    else
        return (x);
}

/// Element i of a source that is either a callable (i -> gradient) or indexable (source[i]).
template <class Source> decltype(auto) lookup(Source& source, std::size_t i) {
    if constexpr (std::is_invocable_v<Source&, std::size_t>) {
        using result = std::invoke_result_t<Source&, std::size_t>;
        static_assert(std::is_reference_v<result> || std::is_pointer_v<result> ||
                          is_reference_wrapper<result>::value,
                      "sgc: a gradient lookup function must return a reference or a pointer to "
                      "the gradient, not a copy");
        return deref(std::invoke(source, i));
    }
    else
        return deref(source[i]);
}

} // namespace sgc::detail

#endif

#ifndef SGC_GRADIENT_COMBINE_HPP
#define SGC_GRADIENT_COMBINE_HPP

#include <atomic>
#include <cstddef>
#include <iterator>
#include <string>
#include <type_traits>
#include <vector>

#include "../core/error.hpp"
#include "../core/detail/lookup.hpp"
#include "gradient_traits.hpp"
#include "kernels.hpp"
#include "parallel.hpp"

namespace sgc {

/// out = sum_r a[r] * y[r]. `a`: a sized range of coefficients; `y`: a sized range whose elements
/// are gradients, pointers to gradients or reference_wrappers. Contiguous gradients of one scalar
/// type run the fused kernels (kernels.hpp), over several threads if `exec` says so; other types
/// go through gradient_traits::fill_zero and axpy on the calling thread. Lengths must all equal
/// out's length (else invalid_parameter).
template <class G, class Coefficients, class Inputs>
/// out = sum_r a[r] * y[r], the kernel of encoding and decoding. Contiguous gradients of one
/// scalar type run the fused kernels, over several threads if `exec` says so; other types go
/// through gradient_traits::fill_zero and axpy on the calling thread.
/// @param out the gradient to write, of length d (a type with sgc::gradient_traits)
/// @param a a sized range of k coefficients (converted to out's scalar type)
/// @param y a sized range of k gradients, pointers to gradients or reference_wrappers, each of
///        length d
/// @param exec where the kernels run (see sgc::executor)
/// @throws invalid_parameter if a and y differ in size, or an input's length differs from d
void combine(G&& out, const Coefficients& a, const Inputs& y, const executor& exec = executor());

/// out += sum_r a[r] * y[r]: adds results into a job's buffer as they arrive.
template <class G, class Coefficients, class Inputs>
/// out += sum_r a[r] * y[r]: adds results into a job's buffer as they arrive.
/// @param out the gradient to add to, of length d
/// @param a a sized range of k coefficients
/// @param y a sized range of k gradients (or pointers, reference_wrappers), each of length d
/// @param exec where the kernels run (see sgc::executor)
/// @throws invalid_parameter if a and y differ in size, or an input's length differs from d
void accumulate(G&& out, const Coefficients& a, const Inputs& y,
                const executor& exec = executor());

namespace detail {

/// The contiguous path on raw arrays, split over exec.
template <class T>
void combine_contiguous(T* out, const T* const* y, const T* a, std::size_t k, std::size_t d,
                        bool accumulate, const executor& exec);

// combine_contiguous that also says whether every element of out it wrote is finite, checked
// in the same pass (combine_range_finite): false if one is NaN or +-inf.
template <class T>
[[nodiscard]] bool combine_contiguous_finite(T* out, const T* const* y, const T* a, std::size_t k,
                                             std::size_t d, bool accumulate, const executor& exec);

template <class G, class Coefficients, class Inputs>
void combine_into(G& out, const Coefficients& a, const Inputs& y, bool accumulate,
                  const executor& exec);

} // namespace detail

// ---------------------------------------------------------------------------------------------
// implementation

namespace detail {

template <class T>
void combine_contiguous(T* out, const T* const* y, const T* a, std::size_t k, std::size_t d,
                        bool accumulate, const executor& exec) {
    parallel_ranges(exec, out, sizeof(T), d, (k + 1) * sizeof(T),
                    [&](std::size_t begin, std::size_t end) {
                        combine_range(out, y, a, k, begin, end, accumulate);
                    });
}

template <class T>
bool combine_contiguous_finite(T* out, const T* const* y, const T* a, std::size_t k,
                               std::size_t d, bool accumulate, const executor& exec) {
    std::atomic<bool> finite{true};
    parallel_ranges(exec, out, sizeof(T), d, (k + 1) * sizeof(T),
                    [&](std::size_t begin, std::size_t end) {
                        if (!combine_range_finite(out, y, a, k, begin, end, accumulate))
                            finite.store(false, std::memory_order_relaxed);
                    });
    return finite.load(std::memory_order_relaxed);
}

[[noreturn]] SGC_NOINLINE SGC_COLD inline void throw_length_mismatch(std::size_t input,
                                                                     std::size_t length,
                                                                     std::size_t expected) {
    throw_invalid_parameter("sgc::combine", "d", std::to_string(length),
                            "input " + std::to_string(input) +
                                " differs from the output length " + std::to_string(expected));
}

[[noreturn]] SGC_NOINLINE SGC_COLD inline void throw_count_mismatch(std::size_t coefficients,
                                                                    std::size_t inputs) {
    throw_invalid_parameter("sgc::combine", "coefficients", std::to_string(coefficients),
                            "needs one coefficient per input (" + std::to_string(inputs) +
                                " inputs)");
}

template <class G, class Coefficients, class Inputs>
void combine_checked(G& out, const Coefficients& a, const Inputs& y, bool accumulate,
                     const executor& exec);

template <class G, class Coefficients, class Inputs>
void combine_into(G& out, const Coefficients& a, const Inputs& y, bool accumulate,
                  const executor& exec) {
    // First and alone: the body is not instantiated for a type that is not a gradient.
    static_assert(is_gradient_v<G>,
                  "sgc: this type is not a gradient: specialise sgc::gradient_traits<G> "
                  "(value_type, size, fill_zero, axpy; data for contiguous storage)");
    if constexpr (is_gradient_v<G>) combine_checked(out, a, y, accumulate, exec);
}

template <class G, class Coefficients, class Inputs>
void combine_checked(G& out, const Coefficients& a, const Inputs& y, bool accumulate,
                     const executor& exec) {
    using traits = gradient_traits<G>;
    using T = typename traits::value_type;

    const std::size_t k = static_cast<std::size_t>(std::size(y));
    if (SGC_UNLIKELY(static_cast<std::size_t>(std::size(a)) != k))
        throw_count_mismatch(static_cast<std::size_t>(std::size(a)), k);
    const std::size_t d = traits::size(out);

    std::size_t r = 0;
    for (const auto& input : y) {
        const std::size_t len = gradient_traits<std::decay_t<decltype(deref(input))>>::size(deref(input));
        if (SGC_UNLIKELY(len != d)) throw_length_mismatch(r, len, d);
        ++r;
    }

    using input_type = std::decay_t<decltype(deref(*std::begin(y)))>;
    if constexpr (is_contiguous_gradient_v<G> && is_contiguous_gradient_v<input_type> &&
                  std::is_same_v<typename gradient_traits<input_type>::value_type, T>) {
        std::vector<const T*> pointers;
        std::vector<T> coefficients;
        pointers.reserve(k);
        coefficients.reserve(k);
        for (const auto& input : y) pointers.push_back(gradient_traits<input_type>::data(deref(input)));
        for (const auto& c : a) coefficients.push_back(static_cast<T>(static_cast<double>(c)));
        combine_contiguous<T>(traits::data(out), pointers.data(), coefficients.data(), k, d,
                              accumulate, exec);
    } else {
        static_assert(std::is_same_v<input_type, G>,
                      "sgc: combining gradients of different types needs contiguous storage of "
                      "the same scalar type");
        if (!accumulate) traits::fill_zero(out);
        auto c = std::begin(a);
        for (const auto& input : y) traits::axpy(static_cast<T>(*c++), deref(input), out);
    }
}

} // namespace detail

template <class G, class Coefficients, class Inputs>
void combine(G&& out, const Coefficients& a, const Inputs& y, const executor& exec) {
    detail::combine_into(out, a, y, false, exec);
}

template <class G, class Coefficients, class Inputs>
void accumulate(G&& out, const Coefficients& a, const Inputs& y, const executor& exec) {
    detail::combine_into(out, a, y, true, exec);
}

} // namespace sgc

#endif

#ifndef SGC_GRADIENT_KERNELS_HPP
#define SGC_GRADIENT_KERNELS_HPP

// The combine kernels on raw arrays: out = sum_r a[r] * y[r] over k inputs of length d, the
// hot path of decoding. Memory bound: the kernels read every input once, in one pass over memory,
// and keep a block of out in L1 while the inputs stream through it, eight at a time.
//
// Vectorised without flags: GCC and Clang compile the kernels with 32-byte vector extensions for
// the baseline ISA and, on x86, a second time for AVX2 + FMA, chosen at run time with
// __builtin_cpu_supports (SGC_DISPATCH_AVX2 in config.hpp). Other compilers get plain loops.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "../config.hpp"

namespace sgc::detail {

/// out[i] = (accumulate ? out[i] : 0) + a[0] y[0][i] + ... + a[k-1] y[k-1][i] for i in
/// [begin, end). Each element starts from out[i] or 0 and adds its terms in order r = 0..k-1 in
/// T, each as acc + a[r] y[r][i] with the coefficients given in T: rounded once where the build
/// fuses the multiply-add (AVX2 + FMA), product and sum rounded apart otherwise, the same way for
/// every term and element of a build. So a run is reproducible bit for bit, whatever the thread
/// count, and the numerical guard's budget of a rounding of the product and of the sum per term
/// holds. k = 0 writes zeros (or leaves out unchanged).
template <class T>
void combine_range(T* out, const T* const* y, const T* a, std::size_t k, std::size_t begin,
                   std::size_t end, bool accumulate) noexcept;

// combine_range that also reports whether every element it wrote, out[begin, end), is finite
// (false if one is NaN or +-inf). The check is part of the pass: each output vector, once
// summed, adds acc - acc (0 for a finite acc, NaN otherwise) into a running flag, so it reads
// nothing more. A NaN or infinite input term always makes its element non-finite (c x inf and
// c x NaN are NaN or inf for every c, 0 included), so the flag also catches non-finite inputs;
// sums that overflow to inf count too.
template <class T>
[[nodiscard]] bool combine_range_finite(T* out, const T* const* y, const T* a, std::size_t k,
                                        std::size_t begin, std::size_t end,
                                        bool accumulate) noexcept;

// Whether every element of p[0, d) is finite (no NaN, no +-inf): one read-only pass that tests
// the exponent bits, vectorised by the compiler as an integer reduction.
template <class T> [[nodiscard]] bool all_finite(const T* p, std::size_t d) noexcept;

// Whether combine_range runs its AVX2 + FMA build on this machine.
inline bool combine_uses_avx2() noexcept;

// ---------------------------------------------------------------------------------------------
// implementation

// Elements of out per cache block: 16 KiB, half of a typical L1 data cache.
template <class T> constexpr std::size_t combine_block = 16384 / sizeof(T);
// Inputs fused per sweep of a block: enough streams to keep the memory system busy, few enough
// to keep their pointers and coefficients in registers.
constexpr std::size_t combine_group = 8;

// The vector operations the kernels are written in. Ops::vectorised<T> says whether T has
// vectors; then Ops::vector<T> is one of width<T> elements and load (unaligned), store,
// broadcast and multiply_add (acc += c * p[0, width)) work on it. Vectors
// pass by reference only: by value they would change the ABI between ISAs.
struct vector_extension_ops {
#if SGC_VECTOR_EXTENSIONS
    template <class T>
    static constexpr bool vectorised = std::is_same_v<T, float> || std::is_same_v<T, double>;
    template <class T> struct vector_of {
        typedef T type __attribute__((vector_size(32)));
    };
    template <class T> using vector = typename vector_of<T>::type;
    template <class T> static constexpr std::size_t width = 32 / sizeof(T);

    template <class V, class T> static SGC_ALWAYS_INLINE void load(V& v, const T* p) noexcept {
        __builtin_memcpy(&v, p, sizeof v);
    }
    template <class V, class T> static SGC_ALWAYS_INLINE void store(T* p, const V& v) noexcept {
        __builtin_memcpy(p, &v, sizeof v);
    }
    template <class V, class T> static SGC_ALWAYS_INLINE void broadcast(V& v, T c) noexcept {
        v = V{} + c;
    }
    template <class V, class T>
    static SGC_ALWAYS_INLINE void multiply_add(V& acc, const V& c, const T* p) noexcept {
        V x;
        load(x, p);
        acc += c * x;
    }
#else
    template <class T> static constexpr bool vectorised = false;
#endif
};

// Adds terms [0, R) of len elements: o = (First ? 0 : o) + c[0] p[0] + ... + c[R-1] p[R-1],
// in that order. Check: sets `finite` to false if an element written is NaN or +-inf.
template <class Ops, class T, bool First, bool Check, std::size_t... Q>
SGC_ALWAYS_INLINE void fused_terms(T* o, const T* const* p, const T* c, std::size_t len,
                                   bool& finite, std::index_sequence<Q...>) noexcept {
    constexpr std::size_t R = sizeof...(Q);
    const T* in[R] = {p[Q]...};
    const T coefficient[R] = {c[Q]...};
    std::size_t i = 0;
    if constexpr (Ops::template vectorised<T>) {
        using V = typename Ops::template vector<T>;
        constexpr std::size_t width = Ops::template width<T>;
        V cv[R];
        (Ops::broadcast(cv[Q], coefficient[Q]), ...);
        [[maybe_unused]] V flag;
        if constexpr (Check) Ops::broadcast(flag, T(0));
        for (; i + width <= len; i += width) {
            V acc;
            if constexpr (First) Ops::broadcast(acc, T(0));
            else Ops::load(acc, o + i);
            (Ops::multiply_add(acc, cv[Q], in[Q] + i), ...);
            Ops::store(o + i, acc);
            if constexpr (Check) flag += acc - acc; // 0, or NaN from then on
        }
        if constexpr (Check) {
            T lanes[width];
            Ops::store(lanes, flag);
            for (T x : lanes) finite = finite && x == T(0);
        }
    }
    [[maybe_unused]] T flag = T(0);
    for (; i < len; ++i) {
        T acc = First ? T(0) : o[i];
        ((acc += coefficient[Q] * in[Q][i]), ...);
        o[i] = acc;
        if constexpr (Check) flag += acc - acc;
    }
    if constexpr (Check) finite = finite && flag == T(0);
}

// Adds the next terms of a block, the largest group of 8, 4, 2 or 1 that fits in `count`;
// returns how many it added.
template <class Ops, class T, bool First, bool Check>
SGC_ALWAYS_INLINE std::size_t fused_group(T* o, const T* const* p, const T* c, std::size_t len,
                                          std::size_t count, bool& finite) noexcept {
    static_assert(combine_group == 8, "fused_group takes groups of 8, 4, 2 and 1");
    if (count >= 8) {
        fused_terms<Ops, T, First, Check>(o, p, c, len, finite, std::make_index_sequence<8>{});
        return 8;
    }
    if (count >= 4) {
        fused_terms<Ops, T, First, Check>(o, p, c, len, finite, std::make_index_sequence<4>{});
        return 4;
    }
    if (count >= 2) {
        fused_terms<Ops, T, First, Check>(o, p, c, len, finite, std::make_index_sequence<2>{});
        return 2;
    }
    fused_terms<Ops, T, First, Check>(o, p, c, len, finite, std::make_index_sequence<1>{});
    return 1;
}

// Block by block of out, the k terms in groups; the first group of a combine overwrites out.
// Ops: the vector operations (vector_extension_ops in the library). Check: returns false if an
// element written is not finite (else true; always true without Check).
template <class Ops, class T, bool Check = false>
SGC_ALWAYS_INLINE bool combine_blocks(T* out, const T* const* y, const T* a, std::size_t k,
                                      std::size_t begin, std::size_t end,
                                      bool accumulate) noexcept {
    const T* p[combine_group];
    bool finite = true;
    for (std::size_t b = begin; b < end; b += combine_block<T>) {
        const std::size_t len = std::min(combine_block<T>, end - b);
        T* const o = out + b;
        std::size_t r = 0;
        while (r < k) {
            const std::size_t count = std::min(combine_group, k - r);
            for (std::size_t q = 0; q < count; ++q) p[q] = y[r + q] + b;
            r += (r == 0 && !accumulate)
                     ? fused_group<Ops, T, true, Check>(o, p, a + r, len, count, finite)
                     : fused_group<Ops, T, false, Check>(o, p, a + r, len, count, finite);
        }
        if (k == 0 && !accumulate) std::fill(o, o + len, T(0));
    }
    return finite;
}

template <class T>
void combine_range_baseline(T* out, const T* const* y, const T* a, std::size_t k,
                            std::size_t begin, std::size_t end, bool accumulate) noexcept {
    (void)combine_blocks<vector_extension_ops, T>(out, y, a, k, begin, end, accumulate);
}
template <class T>
bool combine_range_finite_baseline(T* out, const T* const* y, const T* a, std::size_t k,
                                   std::size_t begin, std::size_t end, bool accumulate) noexcept {
    return combine_blocks<vector_extension_ops, T, true>(out, y, a, k, begin, end, accumulate);
}

#if SGC_DISPATCH_AVX2
template <class T>
__attribute__((target("avx2,fma"))) void
combine_range_avx2(T* out, const T* const* y, const T* a, std::size_t k, std::size_t begin,
                   std::size_t end, bool accumulate) noexcept {
    (void)combine_blocks<vector_extension_ops, T>(out, y, a, k, begin, end, accumulate);
}
template <class T>
__attribute__((target("avx2,fma"))) bool
combine_range_finite_avx2(T* out, const T* const* y, const T* a, std::size_t k,
                          std::size_t begin, std::size_t end, bool accumulate) noexcept {
    return combine_blocks<vector_extension_ops, T, true>(out, y, a, k, begin, end, accumulate);
}
#endif

template <class T> bool all_finite(const T* p, std::size_t d) noexcept {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>,
                  "all_finite: float or double");
    using bits = std::conditional_t<std::is_same_v<T, float>, std::uint32_t, std::uint64_t>;
    constexpr bits exponent = std::is_same_v<T, float> ? bits(0x7f800000u)
                                                       : bits(0x7ff0000000000000ull);
    bits bad = 0;
    for (std::size_t i = 0; i < d; ++i) {
        bits x;
        std::memcpy(&x, p + i, sizeof x);
        bad |= bits((x & exponent) == exponent);
    }
    return bad == 0;
}

inline bool combine_uses_avx2() noexcept {
#if SGC_DISPATCH_AVX2
    static const bool supported = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return supported;
#elif defined(__AVX2__)
    return true;
#else
    return false;
#endif
}

template <class T>
void combine_range(T* out, const T* const* y, const T* a, std::size_t k, std::size_t begin,
                   std::size_t end, bool accumulate) noexcept {
#if SGC_DISPATCH_AVX2
    if (combine_uses_avx2()) return combine_range_avx2(out, y, a, k, begin, end, accumulate);
#endif
    combine_range_baseline(out, y, a, k, begin, end, accumulate);
}

template <class T>
bool combine_range_finite(T* out, const T* const* y, const T* a, std::size_t k,
                          std::size_t begin, std::size_t end, bool accumulate) noexcept {
#if SGC_DISPATCH_AVX2
    if (combine_uses_avx2())
        return combine_range_finite_avx2(out, y, a, k, begin, end, accumulate);
#endif
    return combine_range_finite_baseline(out, y, a, k, begin, end, accumulate);
}

} // namespace sgc::detail

#endif

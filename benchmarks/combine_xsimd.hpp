// The combine kernel written with xsimd 8.1 and dispatched at run time the one way xsimd 8.1
// offers: xsimd::dispatch over an arch_list, each architecture's instantiation compiled in its
// own translation unit with that architecture's flags (combine_xsimd_avx2.cpp with -mavx2 -mfma,
// combine_xsimd_sse2.cpp with none) and declared extern here. The library cannot do this: it is
// header-only and its users add no flags (docs/guide/09-performance.md says why it keeps its own
// dispatch). Same blocks, groups and order of additions as the library's kernel: only the
// vector operations differ, so the benchmark compares xsimd with the vector extensions alone.
#ifndef SGC_BENCHMARKS_COMBINE_XSIMD_HPP
#define SGC_BENCHMARKS_COMBINE_XSIMD_HPP

#include <cstddef>
#include <type_traits>

#include <xsimd/xsimd.hpp>

#include <sgc/gradient/kernels.hpp>

namespace sgc_bench {

// The architectures the benchmark builds, best first, and whether this machine runs the first.
#if defined(__x86_64__) || defined(__i386__)
#define SGC_BENCH_XSIMD_AVX2 1
using xsimd_archs = xsimd::arch_list<xsimd::fma3<xsimd::avx2>, xsimd::sse2>;
#else
#define SGC_BENCH_XSIMD_AVX2 0
using xsimd_archs = xsimd::arch_list<xsimd::default_arch>;
#endif

// The vector operations of sgc::detail::combine_blocks on xsimd batches of Arch.
template <class Arch> struct xsimd_ops {
    template <class T>
    static constexpr bool vectorised = std::is_same_v<T, float> || std::is_same_v<T, double>;
    template <class T> using vector = xsimd::batch<T, Arch>;
    template <class T> static constexpr std::size_t width = vector<T>::size;

    template <class V, class T> static void load(V& v, const T* p) noexcept {
        v = V::load_unaligned(p);
    }
    template <class V, class T> static void store(T* p, const V& v) noexcept {
        v.store_unaligned(p);
    }
    template <class V, class T> static void broadcast(V& v, T c) noexcept { v = V(c); }
    template <class V, class T>
    static void multiply_add(V& acc, const V& c, const T* p) noexcept {
        acc = xsimd::fma(c, V::load_unaligned(p), acc);
    }
};

// combine_range's contract (sgc/gradient/kernels.hpp) for one architecture; call it through
// xsimd::dispatch<xsimd_archs>(combine_xsimd{}).
struct combine_xsimd {
    // Defined out of class: an in-class definition would be inline and defeat extern template.
    template <class Arch, class T>
    void operator()(Arch, T* out, const T* const* y, const T* a, std::size_t k,
                    std::size_t begin, std::size_t end, bool accumulate) const noexcept;
};

// ---------------------------------------------------------------------------------------------
// implementation

template <class Arch, class T>
void combine_xsimd::operator()(Arch, T* out, const T* const* y, const T* a, std::size_t k,
                               std::size_t begin, std::size_t end,
                               bool accumulate) const noexcept {
    sgc::detail::combine_blocks<xsimd_ops<Arch>>(out, y, a, k, begin, end, accumulate);
}

#if SGC_BENCH_XSIMD_AVX2
extern template void combine_xsimd::operator()(xsimd::fma3<xsimd::avx2>, float*,
                                               const float* const*, const float*, std::size_t,
                                               std::size_t, std::size_t, bool) const noexcept;
extern template void combine_xsimd::operator()(xsimd::sse2, float*, const float* const*,
                                               const float*, std::size_t, std::size_t,
                                               std::size_t, bool) const noexcept;
#endif

} // namespace sgc_bench

#endif

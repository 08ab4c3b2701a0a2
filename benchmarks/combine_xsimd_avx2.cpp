// The AVX2 + FMA instantiation of the xsimd combine kernel: compiled with -mavx2 -mfma
// (CMakeLists.txt), the per-architecture translation unit xsimd::dispatch needs.
#include "combine_xsimd.hpp"

namespace sgc_bench {
template void combine_xsimd::operator()(xsimd::fma3<xsimd::avx2>, float*, const float* const*,
                                        const float*, std::size_t, std::size_t, std::size_t,
                                        bool) const noexcept;
} // namespace sgc_bench

// The SSE2 instantiation of the xsimd combine kernel, compiled without flags.
#include "combine_xsimd.hpp"

namespace sgc_bench {
template void combine_xsimd::operator()(xsimd::sse2, float*, const float* const*, const float*,
                                        std::size_t, std::size_t, std::size_t,
                                        bool) const noexcept;
} // namespace sgc_bench

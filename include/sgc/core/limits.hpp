#ifndef SGC_CORE_LIMITS_HPP
#define SGC_CORE_LIMITS_HPP

#include <cstddef>
#include <cstdint>
#include <string>

#include "error.hpp"

namespace sgc {

/// The largest parameters sgc accepts. A larger value is refused before anything is allocated:
/// at compile time by a static_assert, at run time by sgc::invalid_parameter naming the
/// parameter, its value and the limit. The limits keep every size product of the library
/// within 64 bits and its bookkeeping within a few GiB.
struct limits {
    /// Workers n: worker ids, sets and task tables are sized by n.
    static constexpr std::size_t max_n = std::size_t{1} << 16;
    /// The burst length B and the window W of the bursty model and of SR-SGC and M-SGC.
    static constexpr std::size_t max_window = std::size_t{1} << 16;
    /// Rounds of a run, jobs J plus the delay T: job and round numbers are 32-bit in a task.
    static constexpr std::size_t max_rounds = std::size_t{UINT32_MAX};
    /// Entries n x k of a code's dense encoding matrix (2^27 doubles: 1 GiB).
    static constexpr std::size_t max_matrix_entries = std::size_t{1} << 27;
    /// Entries of a scheme's per-round bookkeeping: M-SGC keeps n (W - 1) piece records for
    /// each of its W - 1 + B jobs in flight, so n (W - 1) (W - 1 + B) must stay below this.
    static constexpr std::size_t max_bookkeeping = std::size_t{1} << 28;
    /// Entries rounds x n of a delay trace (sgc::sim::delay_trace: 2^27 doubles, 1 GiB), read
    /// from a file or synthesized.
    static constexpr std::size_t max_trace_entries = std::size_t{1} << 27;
    /// Entries of a straggler pattern read from a file: rounds x max(n, 64) (a round is a bit
    /// set of at least one 64-bit word), so at most 2^22 rounds at n <= 64 (256 MiB with the
    /// sets' own overhead) and fewer rounds for larger n.
    static constexpr std::size_t max_pattern_entries = std::size_t{1} << 28;
    /// Parameter tuples one search of the tuner (sgc::sim::tune) may visit: about 200 MiB of
    /// tuples; far beyond any search that finishes in reasonable time.
    static constexpr std::size_t max_search_space = std::size_t{1} << 22;
};

namespace detail {

/// 1 <= n <= limits::max_n, or an invalid_parameter naming n and the limit.
inline void check_workers(const char* where, std::size_t n) {
    require(n >= 1, where, "n", n, "the number of workers must be >= 1");
    if (SGC_UNLIKELY(n > limits::max_n))
        throw_invalid_parameter(where, "n", std::to_string(n),
                                "exceeds the limit of " + std::to_string(limits::max_n) +
                                    " workers (sgc::limits::max_n)");
}

} // namespace detail
} // namespace sgc

#endif

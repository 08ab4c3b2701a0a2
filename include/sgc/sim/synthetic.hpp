#ifndef SGC_SIM_SYNTHETIC_HPP
#define SGC_SIM_SYNTHETIC_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "../core/detail/splitmix64.hpp"
#include "../core/error.hpp"
#include "../core/worker_set.hpp"
#include "../models/generators.hpp"
#include "replay.hpp"
#include "trace.hpp"

namespace sgc::sim {

/// How long workers take in a synthetic trace. A worker's time in a round is
///   (overhead + seconds_per_load * load) * (1 + jitter * u) * (slowdown if it straggles, else 1)
/// with u uniform in [0, 1) drawn afresh for every entry, rounded to `decimals` decimal places
/// (as a recorded trace would be; it also keeps the CSV short). A trace made this way is "recorded at
/// load `load`": replay it for a scheme of load L with load_shift{load, seconds_per_load}.
struct trace_timing {
    double overhead = 1.0;         ///< seconds a round costs whatever the load (communication)
    double seconds_per_load = 2.2; ///< seconds per unit of load (c; about 2.2 s in the paper)
    double load = 0.0;             ///< the load the trace is recorded at (L0)
    double jitter = 0.2;           ///< relative spread of the non-straggling times
    double slowdown = 3.0;         ///< a straggler's time is this many times its normal time
    unsigned decimals = 6;         ///< microseconds; at most 15
};

/// A rounds x n trace whose stragglers in each round are stragglers.next() (any generator with
/// n() and next(), e.g. sgc::bernoulli_stragglers, sgc::gilbert_elliott_stragglers,
/// sgc::adversarial_stragglers), the jitter drawn from a generator seeded with `seed`.
/// Reproducible on every platform (see models/generators.hpp).
/// @param stragglers the generator of each round's stragglers; its n() is the trace's n
/// @param rounds the trace's rounds
/// @param timing how long workers take
/// @param seed the seed of the jitter's std::mt19937_64 stream
/// @return the rounds x n trace, in seconds
/// @throws invalid_parameter naming the timing field unless overhead, seconds_per_load, load,
///         jitter are finite and >= 0, decimals <= 15, slowdown is finite and >= 1, the base
///         time overhead + seconds_per_load * load is > 0 and the longest time is finite;
///         naming rounds if rounds x n exceeds limits::max_trace_entries (n if it exceeds
///         limits::max_n), checked before anything is allocated
template <class Generator>
[[nodiscard]] delay_trace synthesize_trace(Generator& stragglers, std::size_t rounds, const trace_timing& timing,
                             std::uint64_t seed);

/// A trace whose stragglers are Bernoulli(p) (sgc::bernoulli_stragglers), seeded with `seed`
/// (the jitter with a seed derived from it).
/// @param n workers
/// @param rounds the trace's rounds
/// @param p each worker's probability of straggling in a round, in [0, 1]
/// @param timing how long workers take
/// @param seed the seed
/// @return the rounds x n trace, in seconds
/// @throws invalid_parameter as synthesize_trace, and unless n >= 1 and 0 <= p <= 1
[[nodiscard]] delay_trace bernoulli_trace(std::size_t n, std::size_t rounds, double p,
                            const trace_timing& timing, std::uint64_t seed);
/// A trace whose stragglers come in Gilbert–Elliott bursts (sgc::gilbert_elliott_stragglers:
/// good -> bad p, bad -> good q), seeded likewise.
/// @param n workers
/// @param rounds the trace's rounds
/// @param p the good -> bad probability, in [0, 1]
/// @param q the bad -> good probability, in [0, 1]
/// @param timing how long workers take
/// @param seed the seed
/// @return the rounds x n trace, in seconds
/// @throws invalid_parameter as synthesize_trace, and unless n >= 1 and p, q are in [0, 1]
[[nodiscard]] delay_trace gilbert_elliott_trace(std::size_t n, std::size_t rounds, double p, double q,
                                  const trace_timing& timing, std::uint64_t seed);

// ---------------------------------------------------------------------------------------------
// implementation

} // namespace sgc::sim

namespace sgc::detail {

inline void require_timing(bool ok, const char* parameter, double value, const char* rule) {
    if (SGC_UNLIKELY(!ok))
        throw_invalid_parameter("sgc::sim::synthesize_trace", parameter, number_text(value), rule);
}

inline void check_timing(const sim::trace_timing& t) {
    const auto finite_nonnegative = [](double v) { return std::isfinite(v) && v >= 0.0; };
    require_timing(finite_nonnegative(t.overhead), "overhead", t.overhead,
                   "must be a finite number of seconds >= 0");
    require_timing(finite_nonnegative(t.seconds_per_load), "seconds_per_load", t.seconds_per_load,
                   "must be a finite number of seconds >= 0");
    require_timing(finite_nonnegative(t.load), "load", t.load, "must be a finite number >= 0");
    require_timing(finite_nonnegative(t.jitter), "jitter", t.jitter,
                   "must be a finite number >= 0");
    require_timing(std::isfinite(t.slowdown) && t.slowdown >= 1.0, "slowdown", t.slowdown,
                   "must be a finite factor >= 1");
    require_timing(t.decimals <= 15, "decimals", t.decimals, "must be <= 15");
    require_timing(t.overhead + t.seconds_per_load * t.load > 0.0, "overhead", t.overhead,
                   "the base time overhead + seconds_per_load * load must be > 0");
    require_timing(std::isfinite((t.overhead + t.seconds_per_load * t.load) * (1.0 + t.jitter) * t.slowdown),
                   "overhead", t.overhead,
                   "the longest time (overhead + seconds_per_load * load) (1 + jitter) slowdown is "
                   "not a finite number of seconds");
}

// A second seed for the jitter, so that it does not replay the stragglers' random stream.
inline std::uint64_t jitter_seed(std::uint64_t seed) noexcept { return splitmix64(seed); }

} // namespace sgc::detail

namespace sgc::sim {

template <class Generator>
delay_trace synthesize_trace(Generator& stragglers, std::size_t rounds, const trace_timing& timing,
                             std::uint64_t seed) {
    detail::check_timing(timing);
    const std::size_t n = stragglers.n();
    detail::check_trace_size("sgc::sim::synthesize_trace", n, rounds);
    const double base = timing.overhead + timing.seconds_per_load * timing.load;
    // Rounding to k / 10^d rather than k * 10^-d gives the double nearest to the decimal.
    const double scale = std::pow(10.0, static_cast<double>(timing.decimals));
    std::mt19937_64 rng(seed);
    std::vector<double> times;
    times.reserve(rounds * n);
    for (std::size_t r = 0; r < rounds; ++r) {
        const worker_set slow = stragglers.next();
        for (std::size_t i = 0; i < n; ++i) {
            double t = base * (1.0 + timing.jitter * detail::unit_uniform(rng));
            if (slow.contains(i)) t *= timing.slowdown;
            times.push_back(std::round(t * scale) / scale);
        }
    }
    return delay_trace(n, std::move(times));
}

inline delay_trace bernoulli_trace(std::size_t n, std::size_t rounds, double p,
                                   const trace_timing& timing, std::uint64_t seed) {
    detail::check_trace_size("sgc::sim::bernoulli_trace", n, rounds); // before the generator's sets
    bernoulli_stragglers stragglers(n, p, seed);
    return synthesize_trace(stragglers, rounds, timing, detail::jitter_seed(seed));
}

inline delay_trace gilbert_elliott_trace(std::size_t n, std::size_t rounds, double p, double q,
                                         const trace_timing& timing, std::uint64_t seed) {
    detail::check_trace_size("sgc::sim::gilbert_elliott_trace", n, rounds);
    gilbert_elliott_stragglers stragglers(n, p, q, seed);
    return synthesize_trace(stragglers, rounds, timing, detail::jitter_seed(seed));
}

} // namespace sgc::sim

#endif

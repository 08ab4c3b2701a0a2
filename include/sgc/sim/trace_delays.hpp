#ifndef SGC_SIM_TRACE_DELAYS_HPP
#define SGC_SIM_TRACE_DELAYS_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "../core/error.hpp"
#include "trace.hpp"

namespace sgc::sim {

/// A delay trace as injected straggling: the delay function (an sgc::delay_function,
/// sgc/transport/delays.hpp) under which the in-process transport's workers take the times the
/// simulator replays. Worker i in round r takes
///   max(0, trace(r mod R, i) + (load - L0) c)   seconds,
/// R the trace's rounds (rounds beyond the trace wrap around to its start) and (L0, c) the shift
/// of a trace recorded at load L0 (sim/trace.hpp); `load` is the scheme's load. The trace's first
/// n columns are used. With the in-process transport's simulated or paced clock and the same
/// wait policy and mu, sgc::master then ends every round as sgc::sim::replay does on this trace
/// (tests/sim_trace_delays.cpp); the transport's time_scale turns trace seconds into wall seconds.
/// @param trace the delay trace, at least n columns and one round (shared by the function's
///        copies)
/// @param n the transport's workers
/// @param load the scheme's normalised load
/// @param shift the trace's recording load L0 and seconds per load c
/// @return the delay function: (round, worker) -> seconds, >= 0
/// @throws invalid_parameter naming the value unless n >= 1, trace.n() >= n (the message names
///         both), the trace has a round, load is finite and >= 0, and the shift's L0 and c are
///         finite and >= 0
std::function<double(std::size_t round, std::size_t worker)>
trace_delays(delay_trace trace, std::size_t n, double load, load_shift shift = {});

// ---------------------------------------------------------------------------------------------
// implementation

inline std::function<double(std::size_t, std::size_t)>
trace_delays(delay_trace trace, std::size_t n, double load, load_shift shift) {
    constexpr const char* where = "sgc::sim::trace_delays";
    detail::require(n >= 1, where, "n", n, "the number of workers must be >= 1");
    if (trace.n() < n)
        detail::throw_invalid_parameter(where, "n", std::to_string(n),
                                        "the trace has " + std::to_string(trace.n()) +
                                            " workers (columns), fewer than the n = " +
                                            std::to_string(n) + " workers to delay");
    if (trace.rounds() == 0)
        detail::throw_invalid_parameter(where, "trace.rounds()", "0", "the trace has no rounds");
    if (!(load >= 0.0 && std::isfinite(load)))
        detail::throw_invalid_parameter(where, "load", detail::number_text(load),
                                        "must be a finite number >= 0");
    detail::check_load_shift(where, shift);
    const double offset = shift.offset(load);
    // Shared, not copied: the transport and its copies of the function read one trace.
    auto times = std::make_shared<const delay_trace>(std::move(trace));
    return [times, offset](std::size_t round, std::size_t worker) {
        return std::max(0.0, (*times)(round % times->rounds(), worker) + offset);
    };
}

} // namespace sgc::sim

#endif

#ifndef SGC_TRANSPORT_DELAYS_HPP
#define SGC_TRANSPORT_DELAYS_HPP

#include <cstddef>
#include <functional>
#include <limits>
#include <utility>

#include "../core/error.hpp"
#include "../models/pattern.hpp"

namespace sgc {

/// Injected straggling for the in-process transport and the examples: the seconds worker
/// `worker` takes in round `round`; +infinity means it never answers (a dead worker).
using delay_function = std::function<double(std::size_t round, std::size_t worker)>;

/// The delay of a worker that never answers: +infinity.
inline constexpr double never_answers = std::numeric_limits<double>::infinity();

/// Every worker takes `seconds` in every round.
/// @param seconds the delay, >= 0
/// @return the delay function
/// @throws invalid_parameter if seconds < 0 (or NaN)
[[nodiscard]] inline delay_function constant_delays(double seconds) {
    detail::require(seconds >= 0.0, "sgc::constant_delays", "seconds", seconds, "must be >= 0");
    return [seconds](std::size_t, std::size_t) { return seconds; };
}

/// Stragglers of `pattern` take `slow` seconds, everyone else `fast` (also after the pattern).
/// @param pattern the stragglers of each round
/// @param fast the seconds of a worker that does not straggle, >= 0
/// @param slow the seconds of a straggler, >= fast (never_answers: stragglers never answer)
/// @return the delay function
/// @throws invalid_parameter unless 0 <= fast <= slow
[[nodiscard]] inline delay_function pattern_delays(straggler_pattern pattern, double fast, double slow) {
    detail::require(fast >= 0.0, "sgc::pattern_delays", "fast", fast, "must be >= 0");
    detail::require(slow >= fast, "sgc::pattern_delays", "slow", slow, "must be >= fast");
    return [pattern = std::move(pattern), fast, slow](std::size_t round, std::size_t worker) {
        return round < pattern.size() && pattern[round].contains(worker) ? slow : fast;
    };
}

/// `base`, except that `worker` never answers from round `from` on.
/// @param base the delays otherwise
/// @param worker the worker that dies
/// @param from the first round it does not answer
/// @return the delay function
[[nodiscard]] inline delay_function dead_from(delay_function base, std::size_t worker, std::size_t from) {
    return [base = std::move(base), worker, from](std::size_t round, std::size_t w) {
        return w == worker && round >= from ? never_answers : base(round, w);
    };
}

} // namespace sgc

#endif
